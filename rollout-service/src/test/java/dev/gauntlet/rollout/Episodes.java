package dev.gauntlet.rollout;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.rollout.environment.EnvironmentClient;
import dev.gauntlet.rollout.episode.EpisodeLimits;
import dev.gauntlet.rollout.episode.EpisodeLoop;
import dev.gauntlet.rollout.episode.EpisodePlan;
import dev.gauntlet.rollout.episode.ReasoningControl;
import dev.gauntlet.rollout.policy.PolicyClient;
import dev.gauntlet.rollout.policy.PolicyEndpoint;
import dev.gauntlet.rollout.policy.SamplingParams;
import dev.gauntlet.rollout.system.RolloutSettings;

/** Builds the episode loop on real HTTP clients against the test doubles, without Spring or a database. */
final class Episodes {

	static final String CLOSING = "\nTime is up.\n";

	private Episodes() {
	}

	static RolloutSettings settings(String environmentUrl, Duration policyTimeout, int retries, int graceTokens,
			int maxInFlight) {
		return new RolloutSettings(URI.create(environmentUrl), policyTimeout, Duration.ofSeconds(5), retries,
				Duration.ofMillis(20), maxInFlight, 10_000, 1024, Map.of(), 8, Duration.ofMinutes(5), 8, CLOSING,
				graceTokens, 512, true);
	}

	static HttpClient http() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
	}

	static EpisodeLoop loop(RolloutSettings settings) {
		HttpClient http = http();
		return new EpisodeLoop(new EnvironmentClient(http, settings), new PolicyClient(http, settings), settings,
				m -> null);
	}

	static EpisodePlan plan(PolicyEndpoint endpoint, int maxTokens, ReasoningControl reasoning, EpisodeLimits limits) {
		return new EpisodePlan(new RolloutKey(UUID.randomUUID(), "desk-1", 0, 0, 0),
				new EnvironmentRef("desk", DeskEnvironment.VERSION), endpoint,
				new SamplingParams(0.7, 1.0, maxTokens, 7L), reasoning, limits);
	}

	static EpisodeLimits limits() {
		return new EpisodeLimits(8, null, 8, Duration.ofSeconds(30));
	}

	static PolicyEndpoint endpoint(TemplateModel model) {
		return PolicyEndpoint.inline(URI.create(model.baseUrl()), "double", true, 64);
	}

}
