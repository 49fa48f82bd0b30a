package dev.gauntlet.trainer.engine;

/**
 * A call to the engine failed. {@link #rejected()}: the engine understood the request and refused it (HTTP 4xx
 * problem+json), so retrying the same request cannot help. Otherwise the outcome is unknown (connection lost, 5xx,
 * a reply that is not the expected JSON), and a train step may or may not have been applied.
 */
public class EngineException extends RuntimeException {

	private final boolean rejected;

	public EngineException(String message, boolean rejected) {
		super(message);
		this.rejected = rejected;
	}

	public boolean rejected() {
		return rejected;
	}

}
