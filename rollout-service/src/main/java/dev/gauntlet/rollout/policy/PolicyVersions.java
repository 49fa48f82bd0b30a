package dev.gauntlet.rollout.policy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.gauntlet.contracts.PolicyUpdated;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The newest policy version announced per model on {@code gauntlet.policy.updated}. It only moves forward, so a
 * redelivered or reordered announcement cannot take it back. A rollout records the version its server reported;
 * this one when the server reports none.
 */
@Component
public class PolicyVersions {

	private final Map<String, Long> versions = new ConcurrentHashMap<>();

	public void apply(List<PolicyUpdated> updates) {
		for (PolicyUpdated update : updates) {
			versions.merge(update.model(), update.policyVersion(), Math::max);
		}
	}

	public @Nullable Long current(String model) {
		return versions.get(model);
	}

}
