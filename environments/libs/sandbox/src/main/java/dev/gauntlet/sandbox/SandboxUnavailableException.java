package dev.gauntlet.sandbox;

/** Thrown when untrusted code cannot be isolated (bubblewrap missing or broken), so it is not run. */
public final class SandboxUnavailableException extends RuntimeException {
	public SandboxUnavailableException(String message) {
		super(message);
	}

	public SandboxUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}
}
