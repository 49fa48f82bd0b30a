package dev.gauntlet.verifier.math.parse;

/** The text is not an answer this parser can read. Cheap: no stack trace. */
public final class ParseException extends Exception {
	public ParseException(String message) {
		super(message, null, false, false);
	}
}
