package dev.gauntlet.rollout;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.rollout.episode.EpisodeLimits;
import dev.gauntlet.rollout.episode.EpisodeLoop;
import dev.gauntlet.rollout.episode.ReasoningControl;
import dev.gauntlet.rollout.policy.PolicyEndpoint;
import dev.gauntlet.rollout.policy.PolicyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.gauntlet.rollout.Episodes.endpoint;
import static dev.gauntlet.rollout.Episodes.limits;
import static dev.gauntlet.rollout.Episodes.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What each policy failure becomes: a transient one is retried with backoff; one that persists, or cannot be
 * retried, ends the rollout with a {@link PolicyException} naming the cause (recorded as FAILED, never a reward).
 * None hangs: every test has a hard time limit.
 */
@Timeout(20)
class PolicyFailureUnitTests {

	static DeskEnvironment desk;

	static TemplateModel model;

	/** One retry, a 600 ms per-call timeout. */
	static EpisodeLoop loop;

	@BeforeAll
	static void start() {
		desk = DeskEnvironment.start();
		model = TemplateModel.start(r -> TemplateModel.Reply.status(500));
		loop = Episodes.loop(Episodes.settings(desk.url(), Duration.ofMillis(600), 1, 0, 64));
	}

	@AfterAll
	static void stop() {
		model.close();
		desk.close();
	}

	static void assertFails(String cause, int expectedCalls) {
		assertFails(loop, cause, expectedCalls);
	}

	static void assertFails(EpisodeLoop loop, String cause, int expectedCalls) {
		int before = model.requests.size();
		assertThatThrownBy(() -> loop.play(plan(endpoint(model), 64, ReasoningControl.DEFAULT, limits())))
			.isInstanceOfSatisfying(PolicyException.class, ex -> assertThat(ex.code()).isEqualTo(cause));
		assertThat(model.requests.size() - before).isEqualTo(expectedCalls);
	}

	@Test
	void aDroppedConnectionIsRetriedThenFailsAsAConnectionError() {
		model.script(r -> TemplateModel.Reply.drop());
		assertFails("policy_connection_error", 2);
	}

	@Test
	void http429IsRetriedAndTheRolloutSucceedsWhenTheServerRecovers() {
		AtomicInteger calls = new AtomicInteger();
		model.script(r -> calls.incrementAndGet() == 1 ? TemplateModel.Reply.status(429)
				: TemplateModel.Reply.sample(r, "42"));
		RolloutCompleted rollout = loop.play(plan(endpoint(model), 64, ReasoningControl.DEFAULT, limits()));
		assertThat(rollout.finalAnswer()).isEqualTo("42");
		assertThat(calls).hasValue(2);
	}

	@Test
	void http429ThatPersistsFailsWithItsStatus() {
		model.script(r -> TemplateModel.Reply.status(429));
		assertFails("http_429", 2);
	}

	@Test
	void http500IsRetriedThenFailsWithItsStatus() {
		model.script(r -> TemplateModel.Reply.status(500));
		assertFails("http_500", 2);
	}

	@Test
	void http400IsNotRetried() {
		model.script(r -> TemplateModel.Reply.status(400));
		assertFails("http_400", 1);
	}

	/** A shutdown interrupts the rollout threads: a rollout stopped mid-call is cancelled, never retried or scored. */
	@Test
	void aRolloutInterruptedDuringAPolicyCallFailsAsCancelled() throws Exception {
		model.script(r -> TemplateModel.Reply.hang(30_000));
		EpisodeLoop patient = Episodes.loop(Episodes.settings(desk.url(), Duration.ofSeconds(30), 1, 0, 64));
		int before = model.requests.size();
		Throwable outcome = Episodes.interruptedPlay(patient, plan(endpoint(model), 64, ReasoningControl.DEFAULT,
				limits()), () -> model.requests.size() > before);

		assertThat(outcome)
			.isInstanceOfSatisfying(PolicyException.class, ex -> assertThat(ex.code()).isEqualTo("cancelled"));
		assertThat(model.requests.size() - before).isEqualTo(1);
	}

	@Test
	void aHangingServerTimesOutPerCallAndFails() {
		model.script(r -> TemplateModel.Reply.hang(5_000));
		long start = System.nanoTime();
		assertFails("policy_timeout", 2);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	@Timeout(10)
	void aServerThatSendsHeadersThenStallsTimesOutPerCallAndEachStalledCallIsAborted() {
		model.script(r -> TemplateModel.Reply.headersThenStall(30_000));
		TemplateModel.Traffic traffic = model.traffic("double");
		int hungUp = traffic.hungUp();
		long start = System.nanoTime();
		assertFails("policy_timeout", 2);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		// both attempts' connections were closed by the client, not left streaming
		assertThat(Await.until(Duration.ofSeconds(2), () -> traffic.hungUp() - hungUp == 2 && traffic.open() == 0))
			.as("stalled calls aborted").isTrue();
	}

	@Test
	@Timeout(10)
	void theRolloutDeadlineBoundsABodyThatNeverArrives() {
		model.script(r -> TemplateModel.Reply.headersThenStall(30_000));
		EpisodeLoop patient = Episodes.loop(Episodes.settings(desk.url(), Duration.ofSeconds(60), 5, 0, 64));
		long start = System.nanoTime();
		assertThatThrownBy(() -> patient.play(plan(endpoint(model), 64, ReasoningControl.DEFAULT,
				new EpisodeLimits(8, null, 8, Duration.ofMillis(500)))))
			.isInstanceOfSatisfying(PolicyException.class,
					ex -> assertThat(ex.code()).isEqualTo("rollout_deadline_exceeded"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void aServerThatRefusesConnectionsIsRetriedThenFailsAsUnreachable() throws Exception {
		PolicyEndpoint nowhere = PolicyEndpoint.inline(URI.create("http://127.0.0.1:" + Episodes.closedPort() + "/v1"),
				"double", true, 8);
		assertThatThrownBy(() -> loop.play(plan(nowhere, 64, ReasoningControl.DEFAULT, limits())))
			.isInstanceOfSatisfying(PolicyException.class, ex -> assertThat(ex.code()).isEqualTo("policy_unreachable"));
	}

	@Test
	void aBodyThatIsNotJsonFailsAsMalformedWithoutRetrying() {
		model.script(r -> TemplateModel.Reply.raw("{\"choices\": [{\"message\": "));
		assertFails("policy_malformed_response", 1);
	}

	@Test
	void jsonWithoutAChoiceFailsAsMalformed() {
		model.script(r -> TemplateModel.Reply.raw("{\"choices\": []}"));
		assertFails("policy_malformed_response", 1);
	}

	@Test
	void toolCallsThatAreNotAnArrayFailAsMalformed() {
		model.script(r -> TemplateModel.Reply
			.raw("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":\"lookup\"}}]}"));
		assertFails("policy_malformed_response", 1);
	}

	@Test
	void toolCallsWithoutANameAreAnsweredNotFatal() {
		model.script(r -> AgentLoopUnitTests.toolMessages(r) == 0 ? TemplateModel.Reply.raw(
				"{\"choices\":[{\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
						+ "\"tool_calls\":[{\"type\":\"function\",\"function\":{\"arguments\":\"{}\"}}]}}]}")
				: TemplateModel.Reply.sample(r, "done"));
		RolloutCompleted rollout = loop.play(plan(endpoint(model), 64, ReasoningControl.DEFAULT, limits()));
		assertThat(rollout.messages().get(3).content()).isEqualTo("Error: the tool call names no function.");
		assertThat(rollout.finalAnswer()).isEqualTo("done");
	}

	@Test
	void negativeOrNonNumericTokenIdsFailAsMalformed() {
		model.script(r -> TemplateModel.Reply.raw(
				"{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"token_ids\":[-1]}],\"prompt_token_ids\":[1]}"));
		assertFails("policy_malformed_response", 1);
	}

	@Test
	void anOversizedReplyIsRefusedWithoutReadingItAll() {
		String huge = "{\"pad\":\"" + "x".repeat(33 * 1024 * 1024) + "\"}";
		model.script(r -> TemplateModel.Reply.raw(huge));
		// the per-call timeout covers the body, and sending 33 MB can take longer than 600 ms on a busy machine
		EpisodeLoop patient = Episodes.loop(Episodes.settings(desk.url(), Duration.ofSeconds(15), 1, 0, 64));
		assertFails(patient, "policy_malformed_response", 1);
	}

	@Test
	void theRolloutDeadlineBoundsRetriesAndSlowCalls() {
		model.script(r -> TemplateModel.Reply.hang(400));
		EpisodeLoop patient = Episodes.loop(Episodes.settings(desk.url(), Duration.ofSeconds(10), 5, 0, 64));
		long start = System.nanoTime();
		assertThatThrownBy(() -> patient.play(plan(endpoint(model), 64, ReasoningControl.DEFAULT,
				new EpisodeLimits(8, null, 8, Duration.ofMillis(250)))))
			.isInstanceOfSatisfying(PolicyException.class,
					ex -> assertThat(ex.code()).isEqualTo("rollout_deadline_exceeded"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

}
