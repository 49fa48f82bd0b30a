package dev.gauntlet.reward.verify;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.PolicyRef;
import dev.gauntlet.contracts.ReasoningStats;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.reward.system.RewardSettings;
import dev.gauntlet.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.gauntlet.testing.ScriptedServer.reply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each environment-service reply becomes, against a real HTTP server: a verdict, or a failure with its cause
 * (never a reward). Transient failures are retried; a verifier that stalls after its headers, or answers far too
 * much, cannot hold the caller.
 */
@Timeout(20)
class EnvironmentVerifierUnitTests {

	/** 400 ms per call, one retry, 50 ms backoff. */
	static final RewardSettings SETTINGS = settings(Duration.ofMillis(400), 1);

	final ScriptedServer server = ScriptedServer.start();

	@AfterEach
	void stop() {
		server.close();
	}

	static RewardSettings settings(Duration timeout, int retries) {
		return new RewardSettings(URI.create("http://127.0.0.1:1"), timeout, retries, Duration.ofMillis(50), 4, 1);
	}

	EnvironmentVerifier verifier(RewardSettings s) {
		RewardSettings pointed = new RewardSettings(server.uri(), s.verifyTimeout(), s.verifyRetries(), s.retryBackoff(),
				s.verifyConcurrency(), s.consumerConcurrency());
		return new EnvironmentVerifier(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), pointed);
	}

	static RolloutCompleted rollout() {
		return RolloutCompleted.of(new RolloutKey(UUID.randomUUID(), "task-1", 0, 0, 0), new EnvironmentRef("math", "1"),
				new PolicyRef("double", "m", null), List.of(ChatMessage.user("1+1?")), List.of(), false,
				FinishReason.STOP, ReasoningStats.NONE, Instant.now());
	}

	static Outcome.Failed failed(Outcome outcome) {
		assertThat(outcome).isInstanceOf(Outcome.Failed.class);
		return (Outcome.Failed) outcome;
	}

	@Test
	void anOkVerdictIsAScoreWithItsComponents() {
		server.then(reply(200, """
				{"status": "ok", "reward": 1.0, "reward_components": {"correct": 1.0, "bad": "x"},
				 "extracted_answer": "2"}"""));

		Outcome outcome = verifier(SETTINGS).verify(rollout());

		assertThat(outcome).isEqualTo(new Outcome.Scored(1.0, Map.of("correct", 1.0), "2"));
	}

	@Test
	void aServerErrorIsRetriedAndTheRetryScores() {
		server.then(reply(503, "busy"));
		server.then(reply(200, "{\"status\": \"ok\", \"reward\": 0.0}"));

		assertThat(verifier(SETTINGS).verify(rollout())).isInstanceOf(Outcome.Scored.class);
		assertThat(server.calls()).isEqualTo(2);
	}

	@Test
	void aClientErrorFailsAtOnceWithItsStatus() {
		server.then(reply(404, "no such environment"));

		assertThat(failed(verifier(SETTINGS).verify(rollout())).cause()).isEqualTo("verify_http_404");
		assertThat(server.calls()).isEqualTo(1);
	}

	@Test
	void aVerifierThatStallsAfterItsHeadersTimesOutPerCallAndEachCallIsAborted() throws InterruptedException {
		server.then(server.headersThenStall(30_000));
		long start = System.nanoTime();

		Outcome.Failed f = failed(verifier(SETTINGS).verify(rollout()));

		assertThat(f.cause()).isEqualTo("verify_timeout");
		// two calls of 400 ms and one pause: far below the 30 s stall
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(server.calls()).isEqualTo(2);
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (server.hungUp() < 2 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(server.hungUp()).as("stalled calls whose connection was closed").isEqualTo(2);
	}

	@Test
	void aReplyOverTheCapIsRefusedAsMalformedWithoutRetrying() {
		server.then(reply(200, "{\"status\": \"ok\", \"reward\": 1.0, \"pad\": \""
				+ "x".repeat((int) EnvironmentVerifier.MAX_REPLY_BYTES) + "\"}"));

		assertThat(failed(verifier(SETTINGS).verify(rollout())).cause()).isEqualTo("verifier_malformed_response");
		assertThat(server.calls()).isEqualTo(1);
	}

	@Test
	void aReplyThatIsNotAVerdictIsMalformedAndNeverAReward() {
		server.then(reply(200, "<html>proxy error</html>"));
		assertThat(failed(verifier(SETTINGS).verify(rollout())).cause()).isEqualTo("verifier_malformed_response");

		server.reset();
		server.then(reply(200, "{\"status\": \"ok\", \"reward\": \"NaN\"}"));
		assertThat(failed(verifier(SETTINGS).verify(rollout())).cause()).isEqualTo("verifier_malformed_response");
	}

	@Test
	void aVerifierErrorIsAFailureWithItsDetail() {
		server.then(reply(200, "{\"status\": \"error\", \"detail\": \"task not found\"}"));

		Outcome.Failed f = failed(verifier(SETTINGS).verify(rollout()));
		assertThat(f.cause()).isEqualTo("verifier_error");
		assertThat(f.message()).isEqualTo("task not found");
	}

	@Test
	void anUnreachableEnvironmentServiceFailsAsUnreachableAfterItsRetries() {
		server.close();

		assertThat(failed(verifier(SETTINGS).verify(rollout())).cause()).isEqualTo("environment_unreachable");
	}

}
