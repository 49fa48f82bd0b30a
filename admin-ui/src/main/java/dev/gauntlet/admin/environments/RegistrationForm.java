package dev.gauntlet.admin.environments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registration form as typed: text fields, tools one per line ({@code name: description}), the task schema as
 * JSON, and example rows as JSONL ({@code {"task": {...}, "goldAnswer": "..."}}). {@link #toRequest} turns it into
 * environment-service's registration body, collecting field errors on the way.
 */
public class RegistrationForm {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private String name = "";

	private String version = "";

	private String domain = "TOOL_USE";

	private String description = "";

	private String lifecycle = "ACTIVE";

	private String minReward = "0";

	private String maxReward = "1";

	private boolean deterministic = true;

	private String baseUrl = "";

	private String tools = "";

	private String taskSchema = "";

	private String examples = "";

	/** Field name to error message, for the fields that are wrong. */
	Map<String, Object> toRequest(Map<String, String> errors) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("name", name.strip());
		request.put("version", version.strip());
		request.put("domain", domain);
		request.put("description", description.strip());
		request.put("lifecycle", lifecycle);
		request.put("minReward", number("minReward", minReward, errors));
		request.put("maxReward", number("maxReward", maxReward, errors));
		request.put("deterministic", deterministic);
		request.put("baseUrl", baseUrl.strip());
		List<Map<String, Object>> toolList = new ArrayList<>();
		for (String line : tools.split("\r?\n")) {
			if (line.isBlank()) {
				continue;
			}
			int colon = line.indexOf(':');
			toolList.add(Map.of("name", (colon < 0 ? line : line.substring(0, colon)).strip(), "description",
					colon < 0 ? "" : line.substring(colon + 1).strip()));
		}
		request.put("tools", toolList);
		if (!taskSchema.isBlank()) {
			try {
				request.put("taskSchema", JSON.readValue(taskSchema, Map.class));
			}
			catch (JacksonException | ClassCastException ex) {
				errors.put("taskSchema", "not a JSON object: " + ex.getMessage().lines().findFirst().orElse(""));
			}
		}
		List<Object> exampleList = new ArrayList<>();
		String[] lines = examples.split("\r?\n");
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].isBlank()) {
				continue;
			}
			try {
				Object row = JSON.readValue(lines[i], Object.class);
				if (!(row instanceof Map<?, ?>)) {
					throw new IllegalArgumentException("not a JSON object");
				}
				exampleList.add(row);
			}
			catch (JacksonException | IllegalArgumentException ex) {
				errors.put("examples", "line " + (i + 1) + " is not a JSON object like {\"task\": {...}, \"goldAnswer\": \"...\"}");
				break;
			}
		}
		if (exampleList.isEmpty() && !errors.containsKey("examples")) {
			errors.put("examples", "give at least one example row");
		}
		request.put("examples", exampleList);
		return request;
	}

	private static @Nullable Double number(String field, String text, Map<String, String> errors) {
		try {
			return Double.parseDouble(text.strip());
		}
		catch (NumberFormatException ex) {
			errors.put(field, "not a number");
			return null;
		}
	}

	public String getName() {
		return name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getVersion() {
		return version;
	}

	public void setVersion(String version) {
		this.version = version;
	}

	public String getDomain() {
		return domain;
	}

	public void setDomain(String domain) {
		this.domain = domain;
	}

	public String getDescription() {
		return description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public String getLifecycle() {
		return lifecycle;
	}

	public void setLifecycle(String lifecycle) {
		this.lifecycle = lifecycle;
	}

	public String getMinReward() {
		return minReward;
	}

	public void setMinReward(String minReward) {
		this.minReward = minReward;
	}

	public String getMaxReward() {
		return maxReward;
	}

	public void setMaxReward(String maxReward) {
		this.maxReward = maxReward;
	}

	public boolean isDeterministic() {
		return deterministic;
	}

	public void setDeterministic(boolean deterministic) {
		this.deterministic = deterministic;
	}

	public String getBaseUrl() {
		return baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public String getTools() {
		return tools;
	}

	public void setTools(String tools) {
		this.tools = tools;
	}

	public String getTaskSchema() {
		return taskSchema;
	}

	public void setTaskSchema(String taskSchema) {
		this.taskSchema = taskSchema;
	}

	public String getExamples() {
		return examples;
	}

	public void setExamples(String examples) {
		this.examples = examples;
	}

}
