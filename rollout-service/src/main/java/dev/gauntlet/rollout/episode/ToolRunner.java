package dev.gauntlet.rollout.episode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.rollout.environment.EnvironmentClient;
import dev.gauntlet.rollout.environment.EnvironmentClient.ToolResult;
import dev.gauntlet.rollout.environment.EnvironmentException;
import dev.gauntlet.rollout.policy.PolicyClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers an assistant message's tool calls, in parallel, each with a tool message in the order of the calls.
 * A call the policy got wrong (no name, an unknown tool, arguments that are not a JSON object or fail the tool's
 * schema) is answered with an error message and never reaches the environment; a tool's own error comes back as
 * the environment wrote it. Only an environment that cannot be reached fails the rollout.
 */
class ToolRunner {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final EnvironmentClient environments;

	ToolRunner(EnvironmentClient environments) {
		this.environments = environments;
	}

	/** The tool messages, and how many of them are errors. */
	record Answers(List<ChatMessage> messages, int errors) {
	}

	/** @param deadline the rollout's deadline ({@link System#nanoTime()}); no tool call runs past it */
	Answers answer(String environment, String sessionId, List<ChatMessage.ToolCall> calls, @Nullable JsonNode tools,
			long deadline) {
		Map<String, JsonNode> schemas = schemas(tools);
		List<Future<ToolResult>> results = new ArrayList<>();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (ChatMessage.ToolCall call : calls) {
				String problem = problem(call, schemas);
				if (problem != null) {
					results.add(java.util.concurrent.CompletableFuture.completedFuture(new ToolResult(problem, true)));
				}
				else {
					JsonNode arguments = arguments(call);
					results.add(executor.submit(() -> environments.callTool(environment, sessionId, call.name(), arguments,
							deadline)));
				}
			}
		}
		List<ChatMessage> messages = new ArrayList<>();
		int errors = 0;
		for (int i = 0; i < calls.size(); i++) {
			ToolResult result = get(results.get(i));
			ChatMessage.ToolCall call = calls.get(i);
			messages.add(ChatMessage.tool(call.id(), call.name(), result.content()));
			errors += result.error() ? 1 : 0;
		}
		return new Answers(messages, errors);
	}

	private static ToolResult get(Future<ToolResult> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EnvironmentException("cancelled", "interrupted while calling tools");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new EnvironmentException("environment_unreachable", "tool call failed: " + ex.getCause());
		}
	}

	private static Map<String, JsonNode> schemas(@Nullable JsonNode tools) {
		Map<String, JsonNode> schemas = new HashMap<>();
		if (tools != null) {
			for (JsonNode tool : tools) {
				JsonNode function = tool.path("function");
				String name = function.path("name").asString("");
				if (!name.isBlank()) {
					schemas.put(name, function.path("parameters"));
				}
			}
		}
		return schemas;
	}

	/** What is wrong with a call, as the message the policy reads; null when the call can go to the tool. */
	static @Nullable String problem(ChatMessage.ToolCall call, Map<String, JsonNode> schemas) {
		if (call.name().equals(PolicyClient.MISSING_TOOL_NAME)) {
			return "Error: the tool call names no function.";
		}
		if (!schemas.containsKey(call.name())) {
			return "Error: unknown tool '" + call.name() + "'. Available tools: " + String.join(", ",
					schemas.keySet().stream().sorted().toList()) + ".";
		}
		JsonNode arguments;
		try {
			arguments = arguments(call);
		}
		catch (JacksonException ex) {
			return "Error: the arguments of " + call.name() + " are not valid JSON: " + ex.getOriginalMessage();
		}
		if (!arguments.isObject()) {
			return "Error: the arguments of " + call.name() + " must be a JSON object.";
		}
		String invalid = schemaViolation(arguments, schemas.get(call.name()));
		return invalid == null ? null : "Error: invalid arguments for " + call.name() + ": " + invalid + ".";
	}

	private static JsonNode arguments(ChatMessage.ToolCall call) {
		return call.arguments().isBlank() ? JSON.createObjectNode() : JSON.readTree(call.arguments());
	}

	/**
	 * The JSON-schema subset tools use at the top level: required properties, property types and
	 * {@code additionalProperties: false}. The environment checks its own arguments too.
	 */
	static @Nullable String schemaViolation(JsonNode arguments, JsonNode schema) {
		JsonNode properties = schema.path("properties");
		for (JsonNode required : schema.path("required")) {
			if (!arguments.has(required.asString())) {
				return "missing required property '" + required.asString() + "'";
			}
		}
		for (Iterator<Map.Entry<String, JsonNode>> it = arguments.properties().iterator(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			JsonNode declared = properties.path(field.getKey());
			if (declared.isMissingNode()) {
				if (schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean()) {
					return "unknown property '" + field.getKey() + "'";
				}
				continue;
			}
			String type = declared.path("type").asString("");
			if (!type.isEmpty() && !hasType(field.getValue(), type)) {
				return "property '" + field.getKey() + "' must be of type " + type;
			}
			JsonNode allowed = declared.path("enum");
			if (allowed.isArray() && !contains(allowed, field.getValue())) {
				return "property '" + field.getKey() + "' must be one of " + allowed;
			}
		}
		return null;
	}

	private static boolean contains(JsonNode values, JsonNode value) {
		for (JsonNode v : values) {
			if (v.equals(value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasType(JsonNode value, String type) {
		return switch (type) {
			case "string" -> value.isString();
			case "integer" -> value.isIntegralNumber();
			case "number" -> value.isNumber();
			case "boolean" -> value.isBoolean();
			case "object" -> value.isObject();
			case "array" -> value.isArray();
			case "null" -> value.isNull();
			default -> true;
		};
	}

}
