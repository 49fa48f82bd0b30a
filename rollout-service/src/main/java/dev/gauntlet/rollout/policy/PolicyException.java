package dev.gauntlet.rollout.policy;

/**
 * A policy call failed. {@code cause} is a short code recorded with the failed rollout (for example
 * {@code policy_timeout}, {@code http_500}, {@code policy_malformed_response}).
 */
public class PolicyException extends RuntimeException {

	private final String code;

	private final boolean retriable;

	public PolicyException(String code, String message, boolean retriable) {
		super(message);
		this.code = code;
		this.retriable = retriable;
	}

	/** The server's reply cannot be used; not retried, since the same server would answer the same way. */
	static PolicyException malformed(String message) {
		return new PolicyException("policy_malformed_response", message, false);
	}

	public String code() {
		return code;
	}

	public boolean retriable() {
		return retriable;
	}

}
