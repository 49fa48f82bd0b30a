package dev.gauntlet.sandbox;

/**
 * The sandbox itself failed (its process died, or its protocol broke) twice in a row for one job.
 * This is an infrastructure failure, never a verdict on the program.
 */
public final class SandboxFailureException extends RuntimeException {
	public SandboxFailureException(String message, Throwable cause) {
		super(message, cause);
	}
}
