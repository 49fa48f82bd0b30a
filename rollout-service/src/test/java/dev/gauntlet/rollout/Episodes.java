package dev.gauntlet.rollout;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

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
import org.jspecify.annotations.Nullable;

/** Builds the episode loop on real HTTP clients against the test doubles, without Spring or a database. */
final class Episodes {

	static final String CLOSING = "\nTime is up.\n";

	private Episodes() {
	}

	static RolloutSettings settings(String environmentUrl, Duration policyTimeout, int retries, int graceTokens,
			int maxInFlight) {
		return settings(environmentUrl, policyTimeout, Duration.ofSeconds(5), retries, graceTokens, maxInFlight);
	}

	static RolloutSettings settings(String environmentUrl, Duration policyTimeout, Duration environmentTimeout,
			int retries, int graceTokens, int maxInFlight) {
		return new RolloutSettings(URI.create(environmentUrl), policyTimeout, environmentTimeout, retries,
				Duration.ofMillis(20), maxInFlight, 10_000, 1024, Map.of(), 8, Duration.ofMinutes(5), 8, CLOSING,
				graceTokens, 512, true);
	}

	/** A local port nothing listens on: it was free a moment ago and has been closed. */
	static int closedPort() throws java.io.IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static HttpClient http() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
	}

	static EpisodeLoop loop(RolloutSettings settings) {
		return loop(settings, m -> null);
	}

	/** @param knownVersion the announced policy version per model, for servers that report none */
	static EpisodeLoop loop(RolloutSettings settings, Function<String, @Nullable Long> knownVersion) {
		HttpClient http = http();
		return new EpisodeLoop(new EnvironmentClient(http, settings), new PolicyClient(http, settings), settings,
				knownVersion);
	}

	static EpisodePlan plan(PolicyEndpoint endpoint, int maxTokens, ReasoningControl reasoning, EpisodeLimits limits) {
		return new EpisodePlan(new RolloutKey(UUID.randomUUID(), "desk-1", 0, 0, 0),
				new EnvironmentRef("desk", DeskEnvironment.VERSION), endpoint,
				new SamplingParams(0.7, 1.0, maxTokens, 7L), reasoning, limits);
	}

	/**
	 * Plays {@code plan} on a thread of its own and interrupts it, as a shutdown does, once {@code inCall} holds.
	 *
	 * @return what play threw (null if it returned)
	 */
	static @Nullable Throwable interruptedPlay(EpisodeLoop loop, EpisodePlan plan, BooleanSupplier inCall)
			throws Exception {
		CompletableFuture<@Nullable Throwable> outcome = new CompletableFuture<>();
		Thread rollout = Thread.ofVirtual().start(() -> {
			try {
				loop.play(plan);
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		if (!Await.until(Duration.ofSeconds(5), inCall)) {
			throw new AssertionError("the rollout never reached the call to interrupt");
		}
		rollout.interrupt();
		return outcome.get(5, TimeUnit.SECONDS);
	}

	static EpisodeLimits limits() {
		return new EpisodeLimits(8, null, 8, Duration.ofSeconds(30));
	}

	static PolicyEndpoint endpoint(TemplateModel model) {
		return PolicyEndpoint.inline(URI.create(model.baseUrl()), "double", true, 64);
	}

}
