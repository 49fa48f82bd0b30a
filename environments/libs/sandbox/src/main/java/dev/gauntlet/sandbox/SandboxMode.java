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

	/** What a host logs (WARN) or prints whenever it is about to run code in {@link #UNSAFE_LOCAL} mode. */
	public static final String UNSAFE_LOCAL_WARNING = """
			!!! sandbox mode unsafe-local: untrusted code runs WITHOUT any isolation, as this user, with this \
			user's files and network. Only rlimits and a deadline apply. Never use this for model-written code \
			outside a throwaway machine. !!!""";

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
