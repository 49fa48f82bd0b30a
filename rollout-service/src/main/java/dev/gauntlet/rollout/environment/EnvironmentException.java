package dev.gauntlet.rollout.environment;

/** An environment call failed; {@code code} is recorded as the failed rollout's cause. */
public class EnvironmentException extends RuntimeException {

	private final String code;

	public EnvironmentException(String code, String message) {
		super(message);
		this.code = code;
	}

	public String code() {
		return code;
	}

}
