package dev.gauntlet.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A rollout that could not be completed or scored because of an infrastructure failure. Published on
 * {@link Topics#ROLLOUTS_FAILED}. It is never a reward of 0: training must never see it as a wrong answer.
 *
 * @param status always {@code FAILED}, so a reader of the topic cannot mistake it for a score
 * @param cause a short machine-readable cause, for example {@code policy_timeout} or {@code http_500}
 * @param message a human-readable explanation
 */
public record RolloutFailed(int schemaVersion, UUID rolloutId, RolloutKey identity, EnvironmentRef environment,
		String status, FailureStage stage, String cause, String message, Instant failedAt) implements GauntletEvent {

	public static final int SCHEMA_VERSION = 1;

	public static final String FAILED = "FAILED";

	public RolloutFailed {
		Checks.require(schemaVersion == SCHEMA_VERSION, "unsupported schemaVersion %s (expected %s)", schemaVersion,
				SCHEMA_VERSION);
		Checks.notNull(identity, "identity");
		Checks.require(identity.rolloutId().equals(rolloutId), "rolloutId %s does not match the identity", rolloutId);
		Checks.notNull(environment, "environment");
		Checks.require(FAILED.equals(status), "status must be FAILED: %s", status);
		Checks.notNull(stage, "stage");
		Checks.notBlank(cause, "cause");
		message = message == null ? "" : message;
		Checks.notNull(failedAt, "failedAt");
	}

	public static RolloutFailed of(RolloutKey identity, EnvironmentRef environment, FailureStage stage, String cause,
			String message, Instant failedAt) {
		return new RolloutFailed(SCHEMA_VERSION, identity.rolloutId(), identity, environment, FAILED, stage, cause,
				message, failedAt);
	}

	@Override
	public String key() {
		return identity.groupId();
	}

}
