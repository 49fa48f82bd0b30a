package dev.gauntlet.environment.service.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of an environment's task rows: a small, strict subset of JSON Schema. The top level is
 * {@code {"type": "object", "required": [...], "properties": {name: {"type": t, "maxLength": n, "enum": [...]}},
 * "additionalProperties": bool}}, where {@code t} is string, number, integer, boolean, array or object.
 * Unknown keywords are refused, so a schema never silently means less than its author thought.
 */
public final class TaskSchema {

	static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array", "object");

	private static final Set<String> TOP_KEYWORDS = Set.of("type", "required", "properties", "additionalProperties",
			"description", "title", "$schema");

	private static final Set<String> PROPERTY_KEYWORDS = Set.of("type", "maxLength", "minLength", "enum",
			"description", "title");

	private final Map<String, Object> schema;

	private TaskSchema(Map<String, Object> schema) {
		this.schema = schema;
	}

	public static TaskSchema any() {
		return new TaskSchema(Map.of("type", "object"));
	}

	/** Checks a schema; throws {@link IllegalArgumentException} saying what is wrong with it. */
	@SuppressWarnings("unchecked")
	public static TaskSchema of(Map<String, Object> schema) {
		for (String key : schema.keySet()) {
			if (!TOP_KEYWORDS.contains(key)) {
				throw new IllegalArgumentException("unsupported keyword '" + key + "'; supported: " + TOP_KEYWORDS);
			}
		}
		if (!"object".equals(schema.get("type"))) {
			throw new IllegalArgumentException("type must be \"object\": a task row is a JSON object");
		}
		Object required = schema.getOrDefault("required", List.of());
		if (!(required instanceof List<?> names) || !names.stream().allMatch(String.class::isInstance)) {
			throw new IllegalArgumentException("required must be a list of property names");
		}
		Object properties = schema.getOrDefault("properties", Map.of());
		if (!(properties instanceof Map<?, ?> props)) {
			throw new IllegalArgumentException("properties must be an object");
		}
		for (var entry : props.entrySet()) {
			if (!(entry.getValue() instanceof Map<?, ?> property)) {
				throw new IllegalArgumentException("properties." + entry.getKey() + " must be an object");
			}
			for (Object key : property.keySet()) {
				if (!PROPERTY_KEYWORDS.contains(key)) {
					throw new IllegalArgumentException("properties." + entry.getKey() + ": unsupported keyword '" + key
							+ "'; supported: " + PROPERTY_KEYWORDS);
				}
			}
			Object type = property.get("type");
			if (type != null && !TYPES.contains(type)) {
				throw new IllegalArgumentException("properties." + entry.getKey() + ".type must be one of " + TYPES);
			}
			for (String bound : List.of("maxLength", "minLength")) {
				Object value = property.get(bound);
				if (value != null && !(value instanceof Integer i && i >= 0)) {
					throw new IllegalArgumentException("properties." + entry.getKey() + "." + bound
							+ " must be a non-negative integer");
				}
			}
			if (property.get("enum") != null && !(property.get("enum") instanceof List<?>)) {
				throw new IllegalArgumentException("properties." + entry.getKey() + ".enum must be a list");
			}
		}
		Object additional = schema.get("additionalProperties");
		if (additional != null && !(additional instanceof Boolean)) {
			throw new IllegalArgumentException("additionalProperties must be true or false");
		}
		return new TaskSchema(Map.copyOf(schema));
	}

	/** A schema that requires exactly the fields of a sample row, with their JSON types. */
	public static TaskSchema inferredFrom(Map<String, Object> row) {
		Map<String, Object> properties = new LinkedHashMap<>();
		row.forEach((key, value) -> properties.put(key, Map.of("type", typeOf(value))));
		return of(Map.of("type", "object", "required", List.copyOf(row.keySet()), "properties", properties));
	}

	public Map<String, Object> asMap() {
		return schema;
	}

	/** What is wrong with a row, one message per problem; empty when it fits. */
	@SuppressWarnings("unchecked")
	public List<String> violations(Map<String, Object> row) {
		List<String> problems = new ArrayList<>();
		for (Object name : (List<Object>) schema.getOrDefault("required", List.of())) {
			if (row.get(name) == null) {
				problems.add("missing required field '" + name + "'");
			}
		}
		Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
		boolean additional = !Boolean.FALSE.equals(schema.get("additionalProperties"));
		for (var field : row.entrySet()) {
			Map<String, Object> property = (Map<String, Object>) properties.get(field.getKey());
			if (property == null) {
				if (!additional) {
					problems.add("unexpected field '" + field.getKey() + "'");
				}
				continue;
			}
			Object value = field.getValue();
			if (value == null) {
				continue;
			}
			Object type = property.get("type");
			if (type != null && !matches((String) type, value)) {
				problems.add("field '" + field.getKey() + "' must be " + type + ", not " + typeOf(value));
				continue;
			}
			if (value instanceof String text) {
				if (property.get("maxLength") instanceof Integer max && text.length() > max) {
					problems.add("field '" + field.getKey() + "' is longer than " + max + " characters");
				}
				if (property.get("minLength") instanceof Integer min && text.length() < min) {
					problems.add("field '" + field.getKey() + "' is shorter than " + min + " characters");
				}
			}
			if (property.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
				problems.add("field '" + field.getKey() + "' must be one of " + allowed);
			}
		}
		return problems;
	}

	static boolean matches(String type, Object value) {
		return switch (type) {
			case "string" -> value instanceof String;
			case "number" -> value instanceof Number;
			case "integer" -> value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
			case "boolean" -> value instanceof Boolean;
			case "array" -> value instanceof List<?>;
			case "object" -> value instanceof Map<?, ?>;
			default -> false;
		};
	}

	static String typeOf(Object value) {
		if (value instanceof String) {
			return "string";
		}
		if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
			return "integer";
		}
		if (value instanceof Number) {
			return "number";
		}
		if (value instanceof Boolean) {
			return "boolean";
		}
		if (value instanceof List<?>) {
			return "array";
		}
		return value instanceof Map<?, ?> ? "object" : "null";
	}

}
