package dev.gauntlet.environment.service.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gauntlet.environment.service.catalog.EnvironmentCatalog;
import dev.gauntlet.web.InvalidFieldException;
import dev.gauntlet.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/** Registers remote environments: validate, refuse conflicts, probe, then insert the immutable version. */
@Component
class Registration {

	private final EnvironmentRegistry registry;

	private final EnvironmentCatalog catalog;

	private final RegistrationProbe probe;

	Registration(EnvironmentRegistry registry, EnvironmentCatalog catalog, RegistrationProbe probe) {
		this.registry = registry;
		this.catalog = catalog;
		this.probe = probe;
	}

	static String exampleId(RegistrationRequest.Example example, int index) {
		return example.taskId() == null || example.taskId().isBlank() ? "example-" + (index + 1) : example.taskId();
	}

	/** Checks what bean validation cannot: the reward range, the schema, the examples against it, unique names. */
	TaskSchema validate(RegistrationRequest request) {
		if (!(request.minReward() < request.maxReward())) {
			throw new InvalidFieldException("maxReward", "must be greater than minReward");
		}
		TaskSchema schema;
		try {
			schema = request.taskSchema() == null ? TaskSchema.any() : TaskSchema.of(request.taskSchema());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFieldException("taskSchema", ex.getMessage());
		}
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < request.examples().size(); i++) {
			RegistrationRequest.Example example = request.examples().get(i);
			List<String> problems = schema.violations(example.task());
			if (!problems.isEmpty()) {
				throw new InvalidFieldException("examples[" + i + "].task", String.join("; ", problems));
			}
			if (!ids.add(exampleId(example, i))) {
				throw new InvalidFieldException("examples[" + i + "].taskId", "duplicate task id");
			}
		}
		Set<String> tools = new HashSet<>();
		for (RegistrationRequest.Tool tool : request.tools() == null ? List.<RegistrationRequest.Tool>of()
				: request.tools()) {
			if (!tools.add(tool.name())) {
				throw new InvalidFieldException("tools", "duplicate tool '" + tool.name() + "'");
			}
		}
		return schema;
	}

	ProbeReport probe(RegistrationRequest request) {
		validate(request);
		return probe.probe(request);
	}

	RegisteredVersion register(RegistrationRequest request, String by) {
		TaskSchema schema = validate(request);
		if (catalog.find(request.name()).isPresent()) {
			throw new RegistryConflict("'" + request.name() + "' is the name of a built-in environment");
		}
		if (registry.find(request.name(), request.version()).isPresent()) {
			throw new RegistryConflict(request.name() + "@" + request.version()
					+ " is already registered; a version never changes, so register a new version instead");
		}
		ProbeReport report = probe.probe(request);
		if (!report.ok()) {
			ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "remote-refused",
					"Remote environment refused", "the remote failed its registration probe: " + report.failure());
			problem.setProperty("probe", report.asMap());
			throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
		}
		List<Map<String, Object>> examples = new ArrayList<>();
		for (int i = 0; i < request.examples().size(); i++) {
			RegistrationRequest.Example example = request.examples().get(i);
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("task_id", exampleId(example, i));
			row.put("task", example.task());
			row.put("gold_answer", example.goldAnswer());
			examples.add(row);
		}
		List<Map<String, Object>> tools = new ArrayList<>();
		for (RegistrationRequest.Tool tool : request.tools() == null ? List.<RegistrationRequest.Tool>of()
				: request.tools()) {
			tools.add(Map.of("name", tool.name(), "description", tool.description() == null ? "" : tool.description()));
		}
		RegisteredVersion version = new RegisteredVersion(request.name(), request.version(), request.domain().name(),
				request.description(), request.lifecycle() == null ? "ACTIVE" : request.lifecycle(),
				request.minReward(), request.maxReward(), request.deterministic() == null || request.deterministic(),
				tools, request.baseUrl().endsWith("/") ? request.baseUrl().substring(0, request.baseUrl().length() - 1)
						: request.baseUrl(),
				examples.size(), schema.asMap(), examples, report.asMap(), Instant.now(), by);
		registry.insert(version, false);
		return registry.find(request.name(), request.version()).orElseThrow();
	}

}
