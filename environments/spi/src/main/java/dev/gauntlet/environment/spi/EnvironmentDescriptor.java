package dev.gauntlet.environment.spi;

import java.util.List;
import java.util.Objects;

/**
 * What the registry knows about an environment.
 *
 * @param name lowercase identifier, unique in the registry
 * @param version immutable version; {@code name@version} names one exact environment
 * @param minReward the lowest reward {@link Environment#verify} returns
 * @param maxReward the highest reward {@link Environment#verify} returns
 * @param deterministic whether verifying the same answer twice always gives the same reward
 * @param tools the tools a policy may call, empty for single-turn environments
 */
public record EnvironmentDescriptor(String name, String version, Domain domain, String description, double minReward,
		double maxReward, boolean deterministic, List<ToolSpec> tools) {

	public EnvironmentDescriptor {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(version, "version");
		Objects.requireNonNull(domain, "domain");
		if (!(minReward < maxReward)) {
			throw new IllegalArgumentException("reward range is empty: [" + minReward + ", " + maxReward + "]");
		}
		tools = List.copyOf(tools);
	}

	public String reference() {
		return name + "@" + version;
	}

}
