package dev.gauntlet.rollout;

import java.time.Duration;

import dev.gauntlet.rollout.environment.EnvironmentException;
import dev.gauntlet.rollout.episode.EpisodeLimits;
import dev.gauntlet.rollout.episode.EpisodeLoop;
import dev.gauntlet.rollout.episode.ReasoningControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.gauntlet.rollout.Episodes.endpoint;
import static dev.gauntlet.rollout.Episodes.limits;
import static dev.gauntlet.rollout.Episodes.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What each environment failure becomes: an {@link EnvironmentException} naming the cause (the rollout is FAILED,
 * stage ENVIRONMENT, never a reward). No call runs past its timeout or the rollout's deadline, even when the
 * environment sends its headers and then stalls.
 */
@Timeout(20)
class EnvironmentFailureUnitTests {

	static DeskEnvironment desk;

	static TemplateModel model;

	/** The environment timeout is 1 s. */
	static EpisodeLoop loop;

	@BeforeAll
	static void start() {
		desk = DeskEnvironment.start();
		model = TemplateModel.start(r -> TemplateModel.Reply.sample(r, AgentLoopUnitTests.TURN_3));
		loop = Episodes.loop(Episodes.settings(desk.url(), Duration.ofSeconds(5), Duration.ofSeconds(1), 1, 0, 64));
	}

	@AfterEach
	void heal() {
		desk.toolsStallMillis = 0;
		desk.toolsGarbled = false;
		desk.toolsOversized = false;
	}

	@AfterAll
	static void stop() {
		model.close();
		desk.close();
	}

	static void assertFails(EpisodeLoop loop, EpisodeLimits limits, String cause) {
		assertThatThrownBy(() -> loop.play(plan(endpoint(model), 512, ReasoningControl.DEFAULT, limits)))
			.isInstanceOfSatisfying(EnvironmentException.class, ex -> assertThat(ex.code()).isEqualTo(cause));
	}

	@Test
	@Timeout(10)
	void aToolCallWhoseBodyNeverArrivesEndsAtTheRolloutsDeadlineAndIsAborted() {
		desk.toolsStallMillis = 30_000;
		int hungUp = desk.toolHangUps.get();
		EpisodeLoop patient = Episodes.loop(
				Episodes.settings(desk.url(), Duration.ofSeconds(5), Duration.ofSeconds(30), 1, 0, 64));
		long start = System.nanoTime();

		assertFails(patient, new EpisodeLimits(8, null, 8, Duration.ofSeconds(2)), "rollout_deadline_exceeded");

		// the environment timeout is 30 s: only the rollout's deadline ends the call this early
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		assertThat(Await.until(Duration.ofSeconds(2), () -> desk.toolHangUps.get() - hungUp == 1)).isTrue();
	}

	@Test
	@Timeout(10)
	void aToolCallWhoseBodyNeverArrivesTimesOutWithinTheEnvironmentTimeout() {
		desk.toolsStallMillis = 30_000;
		long start = System.nanoTime();

		assertFails(loop, limits(), "environment_timeout");

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void aToolReplyThatIsNotJsonFailsAsMalformed() {
		desk.toolsGarbled = true;
		assertFails(loop, limits(), "environment_malformed_response");
	}

	/** A shutdown interrupts the rollout threads: a rollout stopped mid-call is cancelled, never scored. */
	@Test
	void aRolloutInterruptedDuringAToolCallFailsAsCancelled() throws Exception {
		desk.toolsStallMillis = 30_000;
		EpisodeLoop patient = Episodes.loop(
				Episodes.settings(desk.url(), Duration.ofSeconds(5), Duration.ofSeconds(30), 1, 0, 64));
		int calls = desk.toolCalls.size();
		Throwable outcome = Episodes.interruptedPlay(patient, plan(endpoint(model), 512, ReasoningControl.DEFAULT,
				limits()), () -> desk.toolCalls.size() > calls);

		assertThat(outcome)
			.isInstanceOfSatisfying(EnvironmentException.class, ex -> assertThat(ex.code()).isEqualTo("cancelled"));
	}

	@Test
	void aToolReplyOver32MiBIsRefusedWhileReadingAsMalformed() {
		desk.toolsOversized = true;
		EpisodeLoop patient = Episodes.loop(
				Episodes.settings(desk.url(), Duration.ofSeconds(5), Duration.ofSeconds(10), 1, 0, 64));
		assertFails(patient, limits(), "environment_malformed_response");
	}

	@Test
	void anEnvironmentServiceThatRefusesConnectionsFailsAsUnreachableAfterRetryingTheSeed() throws Exception {
		EpisodeLoop nowhere = Episodes.loop(Episodes.settings("http://127.0.0.1:" + Episodes.closedPort(),
				Duration.ofSeconds(5), Duration.ofSeconds(1), 1, 0, 64));
		assertFails(nowhere, limits(), "environment_unreachable");
	}

}
