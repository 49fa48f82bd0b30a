package dev.gauntlet.messaging;

/**
 * Processing failed because something outside the event is unavailable. The event is fine and is retried, never
 * dead-lettered.
 */
public class RetriableProcessingException extends RuntimeException {

	public RetriableProcessingException(String message, Throwable cause) {
		super(message, cause);
	}

}
