package dev.gauntlet.rollout.episode;

import java.time.Clock;

import dev.gauntlet.contracts.FailureStage;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.rollout.environment.EnvironmentClient;
import dev.gauntlet.rollout.environment.EnvironmentException;
import dev.gauntlet.rollout.policy.PolicyClient;
import dev.gauntlet.rollout.policy.PolicyException;
import dev.gauntlet.rollout.policy.PolicyVersions;
import dev.gauntlet.rollout.store.CompletionWriter;
import dev.gauntlet.rollout.store.RolloutStore;
import dev.gauntlet.rollout.system.RolloutSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs one episode through the {@link EpisodeLoop} and stores the outcome. Every failure becomes a
 * {@link RolloutFailed} with its stage and cause; none becomes a reward. A cancelled job's rollouts are already
 * FAILED (cancelled) in the store when their threads are interrupted, so what they write afterwards changes nothing.
 */
@Component
public class EpisodeRunner {

	private static final Logger log = LoggerFactory.getLogger(EpisodeRunner.class);

	private final EpisodeLoop loop;

	private final RolloutStore store;

	private final CompletionWriter writer;

	private final Clock clock = Clock.systemUTC();

	EpisodeRunner(EnvironmentClient environments, PolicyClient policy, RolloutStore store, CompletionWriter writer,
			RolloutSettings settings, PolicyVersions versions) {
		this.writer = writer;
		this.loop = new EpisodeLoop(environments, policy, settings, versions::current);
		this.store = store;
	}

	public void run(EpisodePlan plan) {
		try {
			var completed = loop.play(plan);
			Thread.interrupted(); // a late cancel must not break the write; the store ignores a cancelled rollout
			writer.write(completed);
		}
		catch (PolicyException ex) {
			fail(plan, "cancelled".equals(ex.code()) ? FailureStage.CANCELLED : FailureStage.POLICY, ex.code(),
					ex.getMessage());
		}
		catch (EnvironmentException ex) {
			fail(plan, "cancelled".equals(ex.code()) ? FailureStage.CANCELLED : FailureStage.ENVIRONMENT, ex.code(),
					ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Rollout {} failed inside Gauntlet", plan.identity().rolloutId(), ex);
			fail(plan, FailureStage.INTERNAL, "internal_error", ex.toString());
		}
	}

	private void fail(EpisodePlan plan, FailureStage stage, String cause, String message) {
		Thread.interrupted();
		try {
			store.failed(RolloutFailed.of(plan.identity(), plan.environment(), stage, cause, message, clock.instant()));
		}
		catch (RuntimeException ex) {
			log.error("Could not record the failure of rollout {}", plan.identity().rolloutId(), ex);
		}
	}

}
