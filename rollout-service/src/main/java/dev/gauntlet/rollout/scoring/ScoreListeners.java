package dev.gauntlet.rollout.scoring;

import dev.gauntlet.contracts.PolicyUpdated;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.messaging.EventConsumers;
import dev.gauntlet.rollout.policy.PolicyVersions;
import dev.gauntlet.rollout.store.RolloutStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Follows scores and failures so that a job's view shows rewards and finishes. Failures this service published
 * itself come back here too; applying them again changes nothing.
 */
@Configuration(proxyBeanMethods = false)
class ScoreListeners {

	static final String GROUP = "rollout-service";

	@Bean
	ConcurrentMessageListenerContainer<String, byte[]> scoredListener(EventConsumers consumers, RolloutStore store) {
		return consumers.batch(Topics.ROLLOUTS_SCORED, GROUP, RolloutScored.class, 1, store::scored);
	}

	/** Moves the known policy version forward; every instance reads every announcement (its own group). */
	@Bean
	ConcurrentMessageListenerContainer<String, byte[]> policyUpdatedListener(EventConsumers consumers,
			PolicyVersions versions) {
		return consumers.batch(Topics.POLICY_UPDATED, GROUP + "-policy-" + java.util.UUID.randomUUID(),
				PolicyUpdated.class, 1, versions::apply);
	}

	@Bean
	ConcurrentMessageListenerContainer<String, byte[]> failedListener(EventConsumers consumers, RolloutStore store) {
		return consumers.batch(Topics.ROLLOUTS_FAILED, GROUP, RolloutFailed.class, 1, store::failedElsewhere);
	}

}
