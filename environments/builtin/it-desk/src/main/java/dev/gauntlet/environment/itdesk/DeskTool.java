package dev.gauntlet.environment.itdesk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.environment.spi.ToolSpec;

/**
 * A tool of the desk: its declaration and what it does to a world.
 *
 * @param mutating whether a successful call may change the world's end state
 */
record DeskTool(String name, String description, List<Param> params, boolean mutating, Handler handler) {

	/** Runs a validated call; returns the JSON the model reads, or throws {@link ToolError}. */
	@FunctionalInterface
	interface Handler {

		Object run(World world, Args args);

	}

	/** Whether a successful call must be stored: it changes the end state or, like verify_identity, the session. */
	boolean changesSession() {
		return mutating || name.equals("verify_identity");
	}

	Map<String, Param> paramsByName() {
		Map<String, Param> byName = new LinkedHashMap<>();
		params.forEach(p -> byName.put(p.name(), p));
		return byName;
	}

	ToolSpec spec() {
		Map<String, Object> properties = new LinkedHashMap<>();
		params.forEach(p -> properties.put(p.name(), p.schema()));
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required", params.stream().filter(Param::required).map(Param::name).toList());
		schema.put("additionalProperties", false);
		return new ToolSpec(name, description, schema);
	}

}
