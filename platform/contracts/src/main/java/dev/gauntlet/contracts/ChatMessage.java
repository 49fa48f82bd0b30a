package dev.gauntlet.contracts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation, in the OpenAI Chat Completions model.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text; may be null for an assistant message that only calls tools
 * @param toolCalls the tool calls an assistant message makes, in order (empty when none)
 * @param toolCallId for a tool message, the id of the call it answers
 * @param name for a tool message, the tool's name
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ChatMessage(String role, @Nullable String content, List<ToolCall> toolCalls, @Nullable String toolCallId,
		@Nullable String name) {

	public static final List<String> ROLES = List.of("system", "user", "assistant", "tool");

	public ChatMessage {
		Checks.require(role != null && ROLES.contains(role), "role must be one of %s: %s", ROLES, role);
		toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
	}

	public static ChatMessage system(String content) {
		return new ChatMessage("system", content, List.of(), null, null);
	}

	public static ChatMessage user(String content) {
		return new ChatMessage("user", content, List.of(), null, null);
	}

	public static ChatMessage assistant(@Nullable String content, List<ToolCall> toolCalls) {
		return new ChatMessage("assistant", content, toolCalls, null, null);
	}

	public static ChatMessage tool(String toolCallId, String name, String content) {
		return new ChatMessage("tool", content, List.of(), toolCallId, name);
	}

	/** A function call requested by the policy; {@code arguments} is the raw JSON text the policy produced. */
	public record ToolCall(String id, String name, String arguments) {

		public ToolCall {
			Checks.notBlank(id, "toolCall.id");
			Checks.notBlank(name, "toolCall.name");
			arguments = arguments == null ? "" : arguments;
		}

	}

}
