package dev.gauntlet.reward.scoring;

import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.messaging.EventConsumers;
import dev.gauntlet.reward.system.RewardSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/** Consumes {@code gauntlet.rollouts.completed}. */
@Configuration(proxyBeanMethods = false)
class ScoringListener {

	static final String GROUP = "reward-service";

	@Bean
	ConcurrentMessageListenerContainer<String, byte[]> completedListener(EventConsumers consumers,
			ScoringHandler handler, RewardSettings settings) {
		return consumers.batch(Topics.ROLLOUTS_COMPLETED, GROUP, RolloutCompleted.class,
				settings.consumerConcurrency(), handler);
	}

}
