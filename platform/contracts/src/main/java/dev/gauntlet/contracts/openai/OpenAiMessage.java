package dev.gauntlet.contracts.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gauntlet.contracts.ChatMessage;
import org.jspecify.annotations.Nullable;

/** A chat message in OpenAI's wire shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpenAiMessage(String role, @Nullable String content,
		@JsonProperty("tool_calls") @Nullable List<OpenAiToolCall> toolCalls,
		@JsonProperty("tool_call_id") @Nullable String toolCallId, @Nullable String name) {

	public static OpenAiMessage from(ChatMessage message) {
		List<OpenAiToolCall> calls = message.toolCalls().isEmpty() ? null
				: message.toolCalls().stream().map(OpenAiToolCall::from).toList();
		return new OpenAiMessage(message.role(), message.content(), calls, message.toolCallId(), message.name());
	}

	public static List<OpenAiMessage> from(List<ChatMessage> messages) {
		return messages.stream().map(OpenAiMessage::from).toList();
	}

	public static List<ChatMessage> toChat(List<OpenAiMessage> messages) {
		return messages.stream().map(OpenAiMessage::toChat).toList();
	}

	/** Validates while converting: a message from outside with a bad role or tool call is refused here. */
	public ChatMessage toChat() {
		List<ChatMessage.ToolCall> calls = toolCalls == null ? List.of()
				: toolCalls.stream().map(OpenAiToolCall::toChat).toList();
		return new ChatMessage(role, content, calls, toolCallId, name);
	}

	/** A tool call: {@code {"id", "type": "function", "function": {"name", "arguments"}}}. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record OpenAiToolCall(String id, @Nullable String type, Function function) {

		static OpenAiToolCall from(ChatMessage.ToolCall call) {
			return new OpenAiToolCall(call.id(), "function", new Function(call.name(), call.arguments()));
		}

		ChatMessage.ToolCall toChat() {
			if (function == null) {
				throw new IllegalArgumentException("tool call " + id + " has no function");
			}
			return new ChatMessage.ToolCall(id, function.name(), function.arguments());
		}

	}

	public record Function(String name, @Nullable String arguments) {
	}

}
