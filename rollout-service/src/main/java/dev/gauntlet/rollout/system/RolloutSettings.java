package dev.gauntlet.rollout.system;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.gauntlet.rollout.policy.EndpointSettings;
import org.jspecify.annotations.Nullable;

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
 * @param maxInFlightPerEndpoint the most policy calls in flight to one endpoint given inline in a job
 * @param maxTasksPerJob the most tasks one job may ask for
 * @param maxSamplesPerTask the largest GRPO group one job may ask for
 * @param endpoints the policy endpoint registry: a job names one of these instead of giving a URL
 * @param maxTurns the default most policy calls (assistant turns) per episode; a job may lower or raise it
 * @param rolloutDeadline the default wall-clock limit of one rollout, retries included
 * @param maxToolErrors the default number of malformed or failed tool calls after which the episode ends
 * @param budgetClosingPhrase the text forced before {@code </think>} when a client-side thinking budget is hit
 * @param budgetGraceTokens after the budget, up to this many more thinking tokens may be sampled to finish the line
 * (stopping at a newline) before the close is forced; 0 forces the close at exactly the budget
 * @param maxEnvironmentInFlight the most calls in flight to environment-service at once (seeds and tools), so that
 * thousands of rollouts starting together do not open thousands of connections to it
 * @param recoverAbandoned at start-up, fail the rollouts an earlier run left PENDING (cause
 * {@code service_restarted}); turn off when several instances share one database
 */
@ConfigurationProperties("gauntlet.rollout")
public record RolloutSettings(@DefaultValue("http://localhost:8081") URI environmentServiceUrl,
		@DefaultValue("120s") Duration policyTimeout, @DefaultValue("30s") Duration environmentTimeout,
		@DefaultValue("2") int policyRetries, @DefaultValue("200ms") Duration retryBackoff,
		@DefaultValue("256") int maxInFlightPerEndpoint, @DefaultValue("10000") int maxTasksPerJob,
		@DefaultValue("1024") int maxSamplesPerTask, @Nullable Map<String, EndpointSettings> endpoints,
		@DefaultValue("8") int maxTurns, @DefaultValue("30m") Duration rolloutDeadline,
		@DefaultValue("8") int maxToolErrors,
		@DefaultValue("\n\nConsidering the limited time, I have to give the solution based on the thinking directly now.\n") String budgetClosingPhrase,
		@DefaultValue("0") int budgetGraceTokens, @DefaultValue("512") int maxEnvironmentInFlight,
		@DefaultValue("true") boolean recoverAbandoned) {

	public RolloutSettings {
		if (policyRetries < 0) {
			throw new IllegalArgumentException("gauntlet.rollout.policy-retries must not be negative");
		}
		if (maxInFlightPerEndpoint < 1) {
			throw new IllegalArgumentException("gauntlet.rollout.max-in-flight-per-endpoint must be at least 1");
		}
		if (maxTurns < 1 || maxToolErrors < 1 || budgetGraceTokens < 0 || maxEnvironmentInFlight < 1) {
			throw new IllegalArgumentException(
					"gauntlet.rollout.max-turns and max-tool-errors must be at least 1, budget-grace-tokens not negative");
		}
		endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
	}

	/** Defaults for tests and tools: every setting at its documented default, this environment-service. */
	public static RolloutSettings defaults(URI environmentServiceUrl) {
		return new RolloutSettings(environmentServiceUrl, Duration.ofSeconds(120), Duration.ofSeconds(30), 2,
				Duration.ofMillis(200), 256, 10_000, 1024, Map.of(), 8, Duration.ofMinutes(30), 8,
				"\n\nConsidering the limited time, I have to give the solution based on the thinking directly now.\n", 0,
				512, true);
	}

}
