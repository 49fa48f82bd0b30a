package dev.gauntlet.environment.itdesk;

import java.util.LinkedHashMap;
import java.util.Map;

/** One tool call of a reference action sequence. */
record Action(String tool, Map<String, Object> arguments) {

	Action {
		arguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
	}

	static Action of(String tool, Object... keysAndValues) {
		return new Action(tool, DeskTools.ordered(keysAndValues));
	}

	String argumentsJson() {
		return Json.write(arguments);
	}

	Map<String, Object> toMap() {
		return Map.of("tool", tool, "arguments", arguments);
	}

}
