package dev.gauntlet.contracts;

import org.jspecify.annotations.Nullable;

/**
 * Which policy produced a rollout.
 *
 * @param endpoint the policy endpoint's name or base URL
 * @param model the model name sent to the endpoint
 * @param version the policy weight version the endpoint reported, or the last one announced on
 * {@code gauntlet.policy.updated}; null when unknown
 */
public record PolicyRef(String endpoint, String model, @Nullable Long version) {

	public PolicyRef {
		Checks.notBlank(endpoint, "policy.endpoint");
		Checks.notBlank(model, "policy.model");
		Checks.require(version == null || version >= 0, "policy.version must not be negative: %s", version);
	}

}
