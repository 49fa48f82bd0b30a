package dev.gauntlet.rollout.policy;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.gauntlet.rollout.system.RolloutSettings;

import org.springframework.stereotype.Component;

/** The registry of named policy endpoints, from {@code gauntlet.rollout.endpoints}. */
@Component
public class PolicyEndpoints {

	private final Map<String, PolicyEndpoint> endpoints = new TreeMap<>();

	public PolicyEndpoints(RolloutSettings settings) {
		settings.endpoints().forEach((name, s) -> endpoints.put(name, s.toEndpoint(name)));
	}

	public Optional<PolicyEndpoint> find(String name) {
		return Optional.ofNullable(endpoints.get(name));
	}

	/** Every endpoint, as shown by the API: no secret references. */
	public Map<String, PolicyEndpoint> all() {
		return Map.copyOf(endpoints);
	}

}
