package dev.gauntlet.environment.spi;

import java.util.List;
import java.util.Objects;

import dev.gauntlet.contracts.ChatMessage;

/** An episode to score: the task, its session and the whole conversation. */
public record VerificationRequest(String sessionId, Task task, List<ChatMessage> messages) {

	public VerificationRequest {
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(task, "task");
		messages = List.copyOf(messages);
	}

	/** The text of the last assistant message, or "" when the policy never answered. */
	public String finalAnswer() {
		for (int i = messages.size() - 1; i >= 0; i--) {
			ChatMessage m = messages.get(i);
			if (m.role().equals("assistant") && m.content() != null) {
				return m.content();
			}
		}
		return "";
	}

}
