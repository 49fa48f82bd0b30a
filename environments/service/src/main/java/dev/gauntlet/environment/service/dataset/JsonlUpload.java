package dev.gauntlet.environment.service.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gauntlet.environment.service.registry.TaskSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an uploaded JSONL dataset: every non-blank line must be a JSON object that fits the task schema and has a
 * unique task id (its {@code id} field, else {@code <dataset>-<line>}). Nothing here throws for a bad row; each
 * problem is reported with its line number.
 */
final class JsonlUpload {

	static final int MAX_ROWS = 100_000;

	static final int MAX_ID_LENGTH = 128;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private JsonlUpload() {
	}

	record Row(int line, String taskId, String json) {
	}

	record RowError(int line, String message) {
	}

	record Parsed(List<Row> rows, List<RowError> errors, String sha256) {
	}

	@SuppressWarnings("unchecked")
	static Parsed parse(String dataset, String body, TaskSchema schema) {
		List<Row> rows = new ArrayList<>();
		List<RowError> errors = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		String[] lines = body.split("\r?\n", -1);
		for (int i = 0; i < lines.length; i++) {
			int line = i + 1;
			String text = lines[i].strip();
			if (text.isEmpty()) {
				continue;
			}
			if (rows.size() + errors.size() >= MAX_ROWS) {
				errors.add(new RowError(line, "more than " + MAX_ROWS + " rows in one upload"));
				break;
			}
			Object parsed;
			try {
				parsed = JSON.readValue(text, Object.class);
			}
			catch (JacksonException ex) {
				errors.add(new RowError(line, "not valid JSON: " + ex.getOriginalMessage()));
				continue;
			}
			if (!(parsed instanceof Map<?, ?> map)) {
				errors.add(new RowError(line, "not a JSON object"));
				continue;
			}
			Map<String, Object> row = (Map<String, Object>) map;
			List<String> problems = schema.violations(row);
			Object id = row.get("id");
			String taskId = (id instanceof String || id instanceof Number) ? id.toString() : dataset + "-" + line;
			if (taskId.isBlank() || taskId.length() > MAX_ID_LENGTH) {
				problems = new ArrayList<>(problems);
				problems.add("id must be 1 to " + MAX_ID_LENGTH + " characters");
			}
			else if (!ids.add(taskId)) {
				problems = new ArrayList<>(problems);
				problems.add("duplicate task id '" + taskId + "'");
			}
			if (problems.isEmpty()) {
				rows.add(new Row(line, taskId, JSON.writeValueAsString(row)));
			}
			else {
				errors.add(new RowError(line, String.join("; ", problems)));
			}
		}
		return new Parsed(rows, errors, sha256(rows));
	}

	/** The checksum of the stored content: the accepted rows in canonical JSON, one per line. */
	private static String sha256(List<Row> rows) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Row row : rows) {
				digest.update(row.json().getBytes(StandardCharsets.UTF_8));
				digest.update((byte) '\n');
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
