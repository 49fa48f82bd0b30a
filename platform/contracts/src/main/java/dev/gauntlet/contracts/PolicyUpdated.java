package dev.gauntlet.contracts;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A new policy version exists. Published by the policy-trainer on {@link Topics#POLICY_UPDATED}; rollout-service
 * moves its notion of the current version forward, so staleness can be bounded.
 *
 * @param runId the training run
 * @param model the model name rollouts should ask for
 * @param policyVersion the new weight version, strictly increasing per run
 * @param step the trainer step that produced it
 * @param checkpoint where the weights are stored, or null when they live only in the engine's memory
 */
public record PolicyUpdated(int schemaVersion, UUID runId, String model, long policyVersion, long step,
		@Nullable String checkpoint, Instant updatedAt) implements GauntletEvent {

	public static final int SCHEMA_VERSION = 1;

	public PolicyUpdated {
		Checks.require(schemaVersion == SCHEMA_VERSION, "unsupported schemaVersion %s (expected %s)", schemaVersion,
				SCHEMA_VERSION);
		Checks.notNull(runId, "runId");
		Checks.notBlank(model, "model");
		Checks.require(policyVersion >= 0, "policyVersion must not be negative: %s", policyVersion);
		Checks.require(step >= 0, "step must not be negative: %s", step);
		Checks.notNull(updatedAt, "updatedAt");
	}

	@Override
	public String key() {
		return runId.toString();
	}

}
