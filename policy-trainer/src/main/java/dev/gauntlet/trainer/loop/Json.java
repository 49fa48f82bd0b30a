package dev.gauntlet.trainer.loop;

import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the JSONB columns. */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	static Map<String, Object> readMap(String json) {
		return json == null ? new java.util.LinkedHashMap<>() : MAPPER.readValue(json, new TypeReference<>() {
		});
	}

}
