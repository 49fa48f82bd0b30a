package dev.gauntlet.environment.itdesk;

/** A tool call the desk refuses: bad arguments, a missing record, a forbidden change. The model reads the message. */
final class ToolError extends RuntimeException {

	ToolError(String message) {
		super(message, null, false, false);
	}

}
