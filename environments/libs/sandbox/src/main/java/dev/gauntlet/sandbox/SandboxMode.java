package dev.gauntlet.sandbox;

/** How untrusted code is isolated. */
public enum SandboxMode {
	/** bubblewrap namespaces plus an unprivileged uid; untrusted code is refused when bwrap is missing. */
	ISOLATED,
	/**
	 * No namespaces at all: the program runs as the verifier's own user, with rlimits and a deadline
	 * only. For a developer's laptop without bubblewrap; every pool start logs a loud warning.
	 */
	UNSAFE_LOCAL;

	/** Parses the setting value: {@code isolated} or {@code unsafe-local}. */
	public static SandboxMode parse(String value) {
		return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
			case "isolated" -> ISOLATED;
			case "unsafe-local" -> UNSAFE_LOCAL;
			default -> throw new IllegalArgumentException(
					"sandbox mode must be 'isolated' or 'unsafe-local', not '" + value + "'");
		};
	}
}
