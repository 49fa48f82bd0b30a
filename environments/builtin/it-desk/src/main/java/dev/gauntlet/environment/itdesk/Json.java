package dev.gauntlet.environment.itdesk;

import tools.jackson.databind.json.JsonMapper;

/** The JSON mapper of this environment. */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	static <T> T read(String json, Class<T> type) {
		return MAPPER.readValue(json, type);
	}

}
