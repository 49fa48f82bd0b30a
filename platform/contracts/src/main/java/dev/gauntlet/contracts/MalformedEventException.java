package dev.gauntlet.contracts;

/**
 * A record that cannot be decoded into a valid event: bad JSON, a missing or invalid field, or an unknown schema
 * version. Not retriable: the record goes to the dead-letter topic with this message as its reason.
 */
public class MalformedEventException extends RuntimeException {

	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

	public MalformedEventException(String message) {
		super(message);
	}

}
