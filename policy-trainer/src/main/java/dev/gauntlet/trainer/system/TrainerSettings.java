package dev.gauntlet.trainer.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the policy-trainer service, under {@code gauntlet.trainer}. Property names are public API.
 *
 * @param engineUrl the engine's internal API, used by runs that do not name their own
 * @param rolloutServiceUrl rollout-service, where rollout jobs are requested
 * @param consumerGroup the consumer name written into dead letters
 * @param pollTimeout how long one poll of the scored and failed topics waits
 * @param loopInterval how long the training loop sleeps when nothing is ready
 * @param engineTimeout the longest a train step or checkpoint call may take
 * @param retryBackoff the pause before retrying after the engine or rollout-service was unreachable
 * @param groupTimeout a requested group not complete after this long is dropped (its rollouts are lost upstream)
 * @param intake whether this instance consumes the scored and failed topics (one instance per database)
 */
@ConfigurationProperties("gauntlet.trainer")
public record TrainerSettings(@DefaultValue("http://localhost:8000") String engineUrl,
		@DefaultValue("http://localhost:8082") String rolloutServiceUrl,
		@DefaultValue("policy-trainer") String consumerGroup, @DefaultValue("200ms") Duration pollTimeout,
		@DefaultValue("100ms") Duration loopInterval, @DefaultValue("30m") Duration engineTimeout,
		@DefaultValue("1s") Duration retryBackoff, @DefaultValue("30m") Duration groupTimeout,
		@DefaultValue("true") boolean intake) {
}
