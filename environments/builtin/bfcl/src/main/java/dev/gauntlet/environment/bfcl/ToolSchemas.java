package dev.gauntlet.environment.bfcl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.environment.spi.ToolSpec;

/**
 * BFCL function documents in OpenAI function schema, as BFCL presents them to function-calling models: names with
 * dots get underscores; {@code dict} becomes {@code object}, {@code float} {@code number}, {@code tuple}
 * {@code array}, {@code any} {@code string}; Java parameters become strings of Java source, their Java type named
 * in the description.
 */
final class ToolSchemas {

	private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("integer", "integer"),
			Map.entry("number", "number"), Map.entry("float", "number"), Map.entry("string", "string"),
			Map.entry("boolean", "boolean"), Map.entry("array", "array"), Map.entry("tuple", "array"),
			Map.entry("dict", "object"), Map.entry("object", "object"), Map.entry("any", "string"));

	private ToolSchemas() {
	}

	static List<ToolSpec> of(BfclTask task) {
		return task.functions().stream().map(f -> spec(f, task.category())).toList();
	}

	@SuppressWarnings("unchecked")
	static ToolSpec spec(Map<String, Object> function, BfclCategory category) {
		String name = ((String) function.get("name")).replace('.', '_');
		Map<String, Object> parameters = (Map<String, Object>) function.get("parameters");
		Map<String, Object> converted = new LinkedHashMap<>();
		Map<String, Object> properties = new LinkedHashMap<>();
		((Map<String, Object>) parameters.get("properties")).forEach((param, schema) -> properties.put(param,
				category.language() == CallChecker.Language.JAVA ? javaParameter((Map<String, Object>) schema)
						: convert((Map<String, Object>) schema)));
		converted.put("type", "object");
		converted.put("properties", properties);
		converted.put("required", parameters.getOrDefault("required", List.of()));
		return new ToolSpec(name, String.valueOf(function.getOrDefault("description", "")), converted);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> convert(Map<String, Object> schema) {
		Map<String, Object> out = new LinkedHashMap<>();
		schema.forEach((key, value) -> {
			switch (key) {
				case "type" -> out.put("type", TYPES.getOrDefault(String.valueOf(value), "string"));
				case "items" -> out.put("items", convert((Map<String, Object>) value));
				case "properties" -> {
					Map<String, Object> nested = new LinkedHashMap<>();
					((Map<String, Object>) value).forEach((k, v) -> nested.put(k, convert((Map<String, Object>) v)));
					out.put("properties", nested);
				}
				default -> out.put(key, value);
			}
		});
		return out;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> javaParameter(Map<String, Object> schema) {
		String type = String.valueOf(schema.get("type"));
		String description = String.valueOf(schema.getOrDefault("description", ""));
		if (type.equals("any")) {
			description += " This parameter can be of any type of Java object in string representation.";
		}
		else {
			description += " This is Java " + type + " type parameter in string representation.";
		}
		if (schema.get("items") instanceof Map<?, ?> items) {
			description += " The list elements are of type " + ((Map<String, Object>) items).get("type")
					+ "; they are not in string representation.";
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("type", "string");
		out.put("description", description);
		return out;
	}

}
