package dev.gauntlet.environment.spi;

import java.util.List;
import java.util.Objects;

import dev.gauntlet.contracts.ChatMessage;

/** The opening of an episode: the prompt messages and the tools the policy may call. */
public record SessionStart(String sessionId, List<ChatMessage> messages, List<ToolSpec> tools) {

	public SessionStart {
		Objects.requireNonNull(sessionId, "sessionId");
		messages = List.copyOf(messages);
		tools = List.copyOf(tools);
	}

}
