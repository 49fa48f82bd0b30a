package dev.gauntlet.environment.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One task of an environment. {@code fields} holds the task's JSON-compatible data (question, gold answer, tests,
 * a world seed); its meaning belongs to the environment.
 */
public record Task(String id, Map<String, Object> fields) {

	public Task {
		Objects.requireNonNull(id, "id");
		fields = Map.copyOf(fields);
	}

	public String text(String field) {
		Object value = fields.get(field);
		if (value == null) {
			throw new IllegalArgumentException("task " + id + " has no field '" + field + "'");
		}
		return value.toString();
	}

}
