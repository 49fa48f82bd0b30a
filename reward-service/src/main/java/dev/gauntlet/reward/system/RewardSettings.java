package dev.gauntlet.reward.system;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of reward-service, under {@code gauntlet.reward}. Property names are public API.
 *
 * @param environmentServiceUrl base URL of environment-service
 * @param verifyTimeout how long one verify call may take
 * @param verifyRetries retries of a verify call after a transient error, before the rollout fails
 * @param retryBackoff the first pause between retries; it doubles each time
 * @param verifyConcurrency the most verify calls in flight at once
 * @param consumerConcurrency consumer threads for the completed topic (at most its partition count is useful)
 */
@ConfigurationProperties("gauntlet.reward")
public record RewardSettings(@DefaultValue("http://localhost:8081") URI environmentServiceUrl,
		@DefaultValue("30s") Duration verifyTimeout, @DefaultValue("3") int verifyRetries,
		@DefaultValue("200ms") Duration retryBackoff, @DefaultValue("64") int verifyConcurrency,
		@DefaultValue("2") int consumerConcurrency) {

	public RewardSettings {
		if (verifyConcurrency < 1 || consumerConcurrency < 1) {
			throw new IllegalArgumentException("gauntlet.reward concurrencies must be at least 1");
		}
	}

}
