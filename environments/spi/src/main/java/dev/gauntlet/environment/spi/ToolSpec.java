package dev.gauntlet.environment.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A tool in OpenAI function-calling form.
 *
 * @param parameters the JSON schema of the arguments object, as nested maps and lists
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {

	public ToolSpec {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(description, "description");
		parameters = Map.copyOf(parameters);
	}

}
