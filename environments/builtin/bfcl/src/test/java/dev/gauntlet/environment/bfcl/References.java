package dev.gauntlet.environment.bfcl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.gauntlet.contracts.ChatMessage;

/**
 * Turns a BFCL ground truth into the tool calls a perfect model would make: for each parameter the first allowed
 * value, optional ones ("" allowed) left out, names as served (dots as underscores), Java values as Java source.
 */
final class References {

	private References() {
	}

	static List<FunctionCall> calls(BfclTask task) {
		List<FunctionCall> calls = new ArrayList<>();
		for (ExpectedCall expected : task.groundTruth()) {
			Map<String, Object> function = task.function(expected.function()).orElseThrow();
			calls.add(FunctionCall.of(expected.function().replace('.', '_'), arguments(function, expected, task)));
		}
		return calls;
	}

	static List<ChatMessage.ToolCall> toolCalls(List<FunctionCall> calls) {
		List<ChatMessage.ToolCall> out = new ArrayList<>();
		for (int i = 0; i < calls.size(); i++) {
			out.add(new ChatMessage.ToolCall("call_" + i, calls.get(i).name(),
					BfclRows.JSON.writeValueAsString(calls.get(i).arguments())));
		}
		return out;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> arguments(Map<String, Object> function, ExpectedCall expected, BfclTask task) {
		Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) ((Map<String, Object>) function
			.get("parameters")).get("properties");
		Map<String, Object> args = new LinkedHashMap<>();
		List<String> required = (List<String>) ((Map<String, Object>) function.get("parameters"))
			.getOrDefault("required", List.of());
		expected.allowed().forEach((param, allowed) -> {
			Map<String, Object> schema = properties.get(param);
			if (schema == null) {
				return; // a ground-truth quirk: a parameter the function does not declare, always optional
			}
			// a required parameter gets a value even where the ground truth also allows leaving it out
			Object first = allowed.stream()
				.filter(v -> !"".equals(v) || !required.contains(param))
				.findFirst()
				.orElse("");
			if ("".equals(first)) {
				return; // optional, and leaving it out is allowed
			}
			args.put(param, task.category().language() == CallChecker.Language.JAVA ? java(first, schema)
					: python(first, schema));
		});
		return args;
	}

	@SuppressWarnings("unchecked")
	private static Object python(Object value, Map<String, Object> schema) {
		if (value instanceof Map<?, ?> dict) {
			return concreteDict((Map<String, Object>) dict);
		}
		if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
			return list.stream().map(d -> concreteDict((Map<String, Object>) d)).toList();
		}
		return value;
	}

	/** A ground-truth dict holds allowed values per key; a call holds one value per key. */
	private static Map<String, Object> concreteDict(Map<String, Object> dict) {
		Map<String, Object> out = new LinkedHashMap<>();
		dict.forEach((k, v) -> {
			Object first = v instanceof List<?> l ? l.get(0) : v;
			if (!"".equals(first)) {
				out.put(k, first);
			}
		});
		return out;
	}

	@SuppressWarnings("unchecked")
	static String java(Object value, Map<String, Object> schema) {
		String type = String.valueOf(schema.get("type"));
		if (value instanceof String s) {
			return s;
		}
		if (value instanceof List<?> list) {
			String items = list.stream().map(References::javaLiteral).collect(Collectors.joining(", "));
			return type.equals("Array") ? "new Object[]{" + items + "}" : "new ArrayList<>(Arrays.asList(" + items + "))";
		}
		if (value instanceof Map<?, ?> dict) {
			StringBuilder s = new StringBuilder("new HashMap<String, Object>() {{ ");
			concreteDict((Map<String, Object>) dict)
				.forEach((k, v) -> s.append("put(\"").append(k).append("\", ").append(javaLiteral(v)).append("); "));
			return s.append("}}").toString();
		}
		return String.valueOf(value);
	}

	private static String javaLiteral(Object value) {
		return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
	}

}
