package dev.gauntlet.rollout.system;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of rollout-service, under {@code gauntlet.rollout}. Property names are public API.
 *
 * @param environmentServiceUrl base URL of environment-service
 * @param policyTimeout how long one policy call may take before the rollout fails with {@code policy_timeout}
 * @param environmentTimeout how long one environment call may take
 * @param policyRetries retries of a policy call after a transient error (connection refused, 429, 5xx)
 * @param retryBackoff the first pause between retries; it doubles each time, with jitter
 * @param maxInFlightPerEndpoint the most policy calls in flight to one endpoint at once
 * @param maxTasksPerJob the most tasks one job may ask for
 * @param maxSamplesPerTask the largest GRPO group one job may ask for
 */
@ConfigurationProperties("gauntlet.rollout")
public record RolloutSettings(@DefaultValue("http://localhost:8081") URI environmentServiceUrl,
		@DefaultValue("120s") Duration policyTimeout, @DefaultValue("30s") Duration environmentTimeout,
		@DefaultValue("2") int policyRetries, @DefaultValue("200ms") Duration retryBackoff,
		@DefaultValue("256") int maxInFlightPerEndpoint, @DefaultValue("10000") int maxTasksPerJob,
		@DefaultValue("1024") int maxSamplesPerTask) {

	public RolloutSettings {
		if (policyRetries < 0) {
			throw new IllegalArgumentException("gauntlet.rollout.policy-retries must not be negative");
		}
		if (maxInFlightPerEndpoint < 1) {
			throw new IllegalArgumentException("gauntlet.rollout.max-in-flight-per-endpoint must be at least 1");
		}
	}

}
