package dev.gauntlet.environment.itdesk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One argument of a tool, as declared once for both the OpenAI schema and validation.
 *
 * @param type {@code string}, {@code integer} or {@code boolean}
 * @param allowed the allowed values of a string, empty for any
 * @param maxLength the longest string accepted
 */
record Param(String name, String type, String description, boolean required, List<String> allowed, int maxLength) {

	static final int ID_LENGTH = 64;

	static Param id(String name, String description) {
		return new Param(name, "string", description, true, List.of(), ID_LENGTH);
	}

	static Param text(String name, String description, boolean required, int maxLength) {
		return new Param(name, "string", description, required, List.of(), maxLength);
	}

	static Param choice(String name, String description, boolean required, List<String> allowed) {
		return new Param(name, "string", description, required, allowed, ID_LENGTH);
	}

	static Param flag(String name, String description) {
		return new Param(name, "boolean", description, false, List.of(), 0);
	}

	Map<String, Object> schema() {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", type);
		schema.put("description", description);
		if (!allowed.isEmpty()) {
			schema.put("enum", allowed);
		}
		if (type.equals("string")) {
			schema.put("maxLength", maxLength);
		}
		return schema;
	}

}
