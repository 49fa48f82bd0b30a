package dev.gauntlet.environment.bfcl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.ChatMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

/**
 * A call the model made: a function name and its decoded JSON arguments.
 *
 * @param unreadable why the arguments could not be read (not a JSON object), or null; such a call matches nothing
 */
record FunctionCall(String name, Map<String, @Nullable Object> arguments, @Nullable String unreadable) {

	/** Arguments text beyond this is not a real call. */
	static final int MAX_ARGUMENTS_CHARS = 100_000;

	FunctionCall {
		arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
	}

	static FunctionCall of(String name, Map<String, @Nullable Object> arguments) {
		return new FunctionCall(name, arguments, null);
	}

	/** Reads an OpenAI tool call's arguments, which are JSON text. */
	@SuppressWarnings("unchecked")
	static FunctionCall parse(String name, String argumentsJson) {
		if (argumentsJson.length() > MAX_ARGUMENTS_CHARS) {
			return new FunctionCall(name, Map.of(), "arguments of " + name + " are too large");
		}
		try {
			Object value = argumentsJson.isBlank() ? Map.of() : BfclRows.JSON.readValue(argumentsJson, Object.class);
			if (!(value instanceof Map<?, ?> map)) {
				return new FunctionCall(name, Map.of(), "arguments of " + name + " are not a JSON object");
			}
			return of(name, (Map<String, Object>) map);
		}
		catch (JacksonException ex) {
			return new FunctionCall(name, Map.of(), "arguments of " + name + " are not valid JSON");
		}
	}

	static List<FunctionCall> of(List<ChatMessage.ToolCall> toolCalls) {
		return toolCalls.stream().map(c -> parse(c.name(), c.arguments())).toList();
	}

	/**
	 * Reads a {@code response} as the batch input gives it: a list of OpenAI tool calls
	 * ({@code {"type": "function", "function": {"name", "arguments"}}}, arguments as JSON text or an object), a list
	 * of {@code {"name", "arguments"}}, or an assistant message with {@code tool_calls}.
	 */
	static List<FunctionCall> fromResponse(JsonNode response) {
		JsonNode calls = response.isObject() && response.has("tool_calls") ? response.get("tool_calls") : response;
		if (calls.isNull()) {
			return List.of();
		}
		if (!calls.isArray()) {
			throw new IllegalArgumentException("'response' must be a list of tool calls or a message with tool_calls");
		}
		return calls.valueStream().map(FunctionCall::fromNode).toList();
	}

	private static FunctionCall fromNode(JsonNode call) {
		JsonNode function = call.has("function") ? call.get("function") : call;
		JsonNode name = function.get("name");
		if (name == null || !name.isString()) {
			throw new IllegalArgumentException("a tool call has no function name");
		}
		JsonNode args = function.get("arguments");
		if (args == null || args.isNull()) {
			return parse(name.stringValue(), "");
		}
		if (args.isString()) {
			return parse(name.stringValue(), args.stringValue());
		}
		return parse(name.stringValue(), args.toString());
	}

}
