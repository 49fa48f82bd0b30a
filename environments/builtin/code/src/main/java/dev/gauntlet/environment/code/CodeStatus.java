package dev.gauntlet.environment.code;

import java.util.Locale;

/**
 * The outcome of a verification, most severe last-resort first in {@link #severity()}. {@link #SANDBOX_ERROR} is
 * an infrastructure failure (or a broken task), never a verdict on the program.
 */
public enum CodeStatus {

	PASSED(0), FAILED(1), RUNTIME_ERROR(2), OUTPUT_LIMIT(3), MEMORY(4), TIMEOUT(5), COMPILE_ERROR(6), NO_CODE(7),
	SANDBOX_ERROR(8);

	private final int severity;

	CodeStatus(int severity) {
		this.severity = severity;
	}

	public int severity() {
		return severity;
	}

	/** The wire name: {@code passed}, {@code runtime_error}, ... */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static CodeStatus worst(CodeStatus a, CodeStatus b) {
		return a.severity >= b.severity ? a : b;
	}

}
