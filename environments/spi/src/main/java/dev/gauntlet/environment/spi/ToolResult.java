package dev.gauntlet.environment.spi;

import java.util.Objects;

/**
 * What a tool call returns to the model. An error is still a message for the model to read, not an exception.
 */
public record ToolResult(String content, boolean error) {

	public ToolResult {
		Objects.requireNonNull(content, "content");
	}

	public static ToolResult ok(String content) {
		return new ToolResult(content, false);
	}

	public static ToolResult error(String message) {
		return new ToolResult(message, true);
	}

}
