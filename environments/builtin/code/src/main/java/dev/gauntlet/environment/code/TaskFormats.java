package dev.gauntlet.environment.code;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recognises a dataset row and turns it into a {@link CodeTask}. Rows are outside input: anything malformed is an
 * {@link IllegalArgumentException} naming the problem, never a half-built task. Recognised shapes (the files in
 * {@code shared/datasets/code}, as published by SandboxFusion):
 * <ul>
 * <li>HumanEval: {@code prompt}, {@code test}, {@code entry_point} (and {@code task_id});</li>
 * <li>HumanEval-Java (MultiPL-E): {@code prompt}, {@code tests}, {@code language: "java"};</li>
 * <li>MBPP: {@code test_list} (and {@code test_setup_code} at the top level or under {@code labels});</li>
 * <li>CodeContests: {@code test}, a JSON string of {@code [{"input":{"stdin":…},"output":{"stdout":…}}]};</li>
 * <li>LiveCodeBench: {@code test}, base64 of zlib of the tests (a pickled {@code input_output} JSON, or JSON);
 * stdin problems and functional ones ({@code fn_name}).</li>
 * </ul>
 * Any row may add {@code checker} (a special judge, Python) and {@code float_tolerance} for stdio tests.
 */
public final class TaskFormats {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private TaskFormats() {
	}

	public static CodeTask parse(JsonNode row) {
		if (!row.isObject()) {
			throw new IllegalArgumentException("a task must be a JSON object");
		}
		if (row.has("entry_point") && row.has("test") && row.has("prompt")) {
			return new CodeTask.HumanEval(text(row, "task_id", "HumanEval"), required(row, "prompt"),
					required(row, "test"), required(row, "entry_point"));
		}
		if (row.has("tests") && row.has("prompt") && "java".equals(row.path("language").asString(""))) {
			return new CodeTask.HumanEvalJava(text(row, "task_id", text(row, "name", "HumanEval-Java")),
					required(row, "prompt"), required(row, "tests"));
		}
		if (row.has("test_list")) {
			List<String> asserts = new ArrayList<>();
			row.path("test_list").forEach(t -> asserts.add(t.asString("")));
			if (asserts.isEmpty()) {
				throw new IllegalArgumentException("MBPP row has an empty test_list");
			}
			String setup = row.has("test_setup_code") ? row.path("test_setup_code").asString("")
					: row.path("labels").path("test_setup_code").asString("");
			return new CodeTask.Mbpp("mbpp/" + text(row, "task_id", text(row, "id", "?")),
					text(row, "text", text(row, "content", "")), asserts, setup);
		}
		if (row.has("test") && row.path("test").isString()) {
			String test = row.path("test").stringValue();
			return test.stripLeading().startsWith("[") ? codeContests(row, test) : liveCodeBench(row, test);
		}
		throw new IllegalArgumentException("unrecognised task row: expected HumanEval (prompt, test, entry_point), "
				+ "HumanEval-Java (prompt, tests, language=java), MBPP (test_list), CodeContests or LiveCodeBench (test)");
	}

	private static CodeTask codeContests(JsonNode row, String test) {
		List<CodeTask.Case> cases = new ArrayList<>();
		for (JsonNode c : readJson(test, "CodeContests test")) {
			cases.add(new CodeTask.Case(c.path("input").path("stdin").asString(""),
					c.path("output").path("stdout").asString("")));
		}
		if (cases.isEmpty()) {
			throw new IllegalArgumentException("CodeContests row has no test cases");
		}
		JsonNode labels = labels(row);
		String id = "code_contests/" + (labels.has("name") ? labels.path("name").asString("") : text(row, "id", "?"));
		return new CodeTask.Stdio(id, language(row, labels), text(row, "content", ""), cases, checker(row),
				tolerance(row));
	}

	private static CodeTask liveCodeBench(JsonNode row, String test) {
		JsonNode io = LiveCodeBenchTests.decode(test);
		JsonNode labels = labels(row);
		String id = labels.has("task_id") ? labels.path("task_id").asString("") : "livecodebench/" + text(row, "id", "?");
		List<CodeTask.Case> cases = new ArrayList<>();
		JsonNode inputs = io.path("inputs");
		JsonNode outputs = io.path("outputs");
		if (inputs.size() != outputs.size() || inputs.isEmpty()) {
			throw new IllegalArgumentException("LiveCodeBench tests need as many outputs as inputs, and at least one");
		}
		for (int i = 0; i < inputs.size(); i++) {
			cases.add(new CodeTask.Case(inputs.get(i).asString(""), outputs.get(i).asString("")));
		}
		String fn = io.path("fn_name").isString() ? io.path("fn_name").stringValue() : null;
		String statement = text(row, "content", text(row, "question_content", ""));
		if (fn != null && !fn.isBlank()) {
			return new CodeTask.CallBased(id, statement, fn, cases);
		}
		return new CodeTask.Stdio(id, language(row, labels), statement, cases, checker(row), tolerance(row));
	}

	private static JsonNode labels(JsonNode row) {
		JsonNode labels = row.path("labels");
		if (labels.isString()) {
			try {
				return JSON.readTree(labels.stringValue());
			}
			catch (JacksonException ex) {
				return JSON.createObjectNode();
			}
		}
		return labels;
	}

	private static String language(JsonNode row, JsonNode labels) {
		String language = row.path("language").asString(labels.path("programming_language").asString("python"));
		return language.isBlank() ? "python" : language.toLowerCase(java.util.Locale.ROOT);
	}

	private static String checker(JsonNode row) {
		return row.path("checker").isString() ? row.path("checker").stringValue() : null;
	}

	private static Double tolerance(JsonNode row) {
		return row.path("float_tolerance").isNumber() ? row.path("float_tolerance").asDouble() : null;
	}

	static JsonNode readJson(String text, String what) {
		try {
			return JSON.readTree(text);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(what + " is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	private static String required(JsonNode row, String field) {
		JsonNode value = row.path(field);
		if (!value.isString()) {
			throw new IllegalArgumentException("field '" + field + "' must be a string");
		}
		return value.stringValue();
	}

	private static String text(JsonNode row, String field, String fallback) {
		JsonNode value = row.path(field);
		return value.isString() ? value.stringValue() : value.isNumber() ? value.asString() : fallback;
	}

	static byte[] base64(String text) {
		try {
			return Base64.getMimeDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("test field is neither JSON nor base64: " + ex.getMessage());
		}
	}

}
