package dev.gauntlet.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A rollout with its reward. Published by reward-service on {@link Topics#ROLLOUTS_SCORED}; the trainer builds GRPO
 * batches from these, so the completed rollout travels along with its tokens.
 *
 * @param reward the shaped reward the trainer uses
 * @param components the named parts of the reward (for example {@code correct}, {@code format})
 * @param extractedAnswer what the verifier read as the answer, for inspection
 */
public record RolloutScored(int schemaVersion, UUID rolloutId, double reward, Map<String, Double> components,
		@Nullable String extractedAnswer, RolloutCompleted rollout, Instant scoredAt) implements GauntletEvent {

	public static final int SCHEMA_VERSION = 1;

	public RolloutScored {
		Checks.require(schemaVersion == SCHEMA_VERSION, "unsupported schemaVersion %s (expected %s)", schemaVersion,
				SCHEMA_VERSION);
		Checks.notNull(rollout, "rollout");
		Checks.require(rollout.rolloutId().equals(rolloutId), "rolloutId %s does not match the rollout", rolloutId);
		Checks.finite(reward, "reward");
		components = components == null ? Map.of() : Map.copyOf(components);
		components.forEach((name, value) -> Checks.finite(value, "components." + name));
		Checks.notNull(scoredAt, "scoredAt");
	}

	public static RolloutScored of(RolloutCompleted rollout, double reward, Map<String, Double> components,
			@Nullable String extractedAnswer, Instant scoredAt) {
		return new RolloutScored(SCHEMA_VERSION, rollout.rolloutId(), reward, components, extractedAnswer, rollout,
				scoredAt);
	}

	@Override
	public String key() {
		return rollout.key();
	}

}
