package dev.gauntlet.environment.service.dataset;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.gauntlet.environment.service.access.Principal;
import dev.gauntlet.environment.service.registry.EnvironmentRegistry;
import dev.gauntlet.environment.service.registry.RegisteredVersion;
import dev.gauntlet.environment.service.registry.TaskSchema;
import dev.gauntlet.web.InvalidFieldException;
import dev.gauntlet.web.NotFoundException;
import dev.gauntlet.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Uploads JSONL datasets to an environment version. Each row is checked against the version's task schema. Mode
 * {@code ALL_OR_NOTHING} (the default) stores nothing when any row is invalid and answers 422 with every row
 * error; {@code SKIP_INVALID} stores the valid rows and reports the others by line number.
 */
@RestController
@RequestMapping("/v1/environments/{name}/versions/{version}/datasets")
class DatasetController {

	/** Row errors listed in one reply; the count covers all of them. */
	static final int MAX_LISTED_ERRORS = 200;

	private final EnvironmentRegistry registry;

	private final DatasetStore store;

	DatasetController(EnvironmentRegistry registry, DatasetStore store) {
		this.registry = registry;
		this.store = store;
	}

	/** The outcome of an upload. */
	record UploadResult(String environment, String dataset, int version, String sha256, long rowCount,
			long rejectedCount, List<JsonlUpload.RowError> rowErrors) {
	}

	@PostMapping(path = "/{dataset}", consumes = { "application/x-ndjson", "application/jsonl", "text/plain",
			"application/octet-stream" })
	@Operation(summary = "Upload a JSONL dataset; mode ALL_OR_NOTHING (default) or SKIP_INVALID")
	ResponseEntity<UploadResult> upload(@PathVariable String name, @PathVariable String version,
			@PathVariable @Pattern(regexp = "[a-z0-9][a-z0-9_.-]{0,63}", message = "lowercase letters, digits, '_', '.', '-'; at most 64") String dataset,
			@RequestParam(defaultValue = "ALL_OR_NOTHING") String mode, @RequestBody(required = false) String body,
			HttpServletRequest http) {
		if (!mode.equals("ALL_OR_NOTHING") && !mode.equals("SKIP_INVALID")) {
			throw new InvalidFieldException("mode", "ALL_OR_NOTHING or SKIP_INVALID");
		}
		RegisteredVersion env = registry.find(name, version)
			.orElseThrow(() -> new NotFoundException("no environment version '" + name + "@" + version + "'"));
		TaskSchema schema = TaskSchema.of(env.taskSchema());
		JsonlUpload.Parsed parsed = JsonlUpload.parse(dataset, body == null ? "" : body, schema);
		List<JsonlUpload.RowError> listed = parsed.errors().subList(0, Math.min(MAX_LISTED_ERRORS, parsed.errors().size()));
		if (parsed.rows().isEmpty() && parsed.errors().isEmpty()) {
			throw new InvalidFieldException("body", "the dataset has no rows");
		}
		if (!parsed.errors().isEmpty() && (mode.equals("ALL_OR_NOTHING") || parsed.rows().isEmpty())) {
			ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-rows", "Invalid dataset rows",
					parsed.errors().size() + " of " + (parsed.rows().size() + parsed.errors().size())
							+ " rows are invalid; nothing was stored (first: line " + parsed.errors().get(0).line()
							+ ": " + parsed.errors().get(0).message() + ")");
			problem.setProperty("rowErrors", listed.stream().map(e -> Map.of("line", e.line(), "message", e.message()))
				.toList());
			problem.setProperty("rejectedCount", parsed.errors().size());
			throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
		}
		int stored = store.store(name, version, dataset, mode, Principal.of(http), parsed);
		return ResponseEntity
			.created(URI.create("/v1/environments/" + name + "/versions/" + version + "/datasets/" + dataset))
			.body(new UploadResult(env.reference(), dataset, stored, parsed.sha256(), parsed.rows().size(),
					parsed.errors().size(), listed));
	}

	@GetMapping
	@Operation(summary = "Every version of every dataset of an environment version")
	List<DatasetStore.DatasetSummary> list(@PathVariable String name, @PathVariable String version) {
		registry.find(name, version)
			.orElseThrow(() -> new NotFoundException("no environment version '" + name + "@" + version + "'"));
		return store.all(name, version);
	}

}
