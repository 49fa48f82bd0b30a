package dev.gauntlet.contracts;

/**
 * The exact environment version a rollout ran against, written {@code name@version}.
 */
public record EnvironmentRef(String name, String version) {

	public EnvironmentRef {
		Checks.require(name != null && name.matches("[a-z0-9][a-z0-9_.-]{0,63}"),
				"environment.name must be lowercase letters, digits, '_', '.', '-' (at most 64): %s", name);
		Checks.require(version != null && version.matches("[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}"),
				"environment.version is invalid: %s", version);
	}

	@Override
	public String toString() {
		return name + "@" + version;
	}

}
