package dev.gauntlet.environment.bfcl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads BFCL rows: a question row ({@code id}, {@code question}, {@code function}) and its answer row
 * ({@code id}, {@code ground_truth}), from the shipped copies or from any input. A malformed row is an
 * {@link IllegalArgumentException} naming what is wrong.
 */
final class BfclRows {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private BfclRows() {
	}

	/** Every shipped task of every category, questions joined with their answers by id. */
	static List<BfclTask> shipped() {
		List<BfclTask> tasks = new ArrayList<>();
		for (BfclCategory category : BfclCategory.values()) {
			List<Map<String, Object>> questions = resource("bfcl-" + category.wireName() + ".jsonl");
			Map<String, Map<String, Object>> answers = new HashMap<>();
			for (Map<String, Object> answer : resource("bfcl-" + category.wireName() + "-answers.jsonl")) {
				answers.put(String.valueOf(answer.get("id")), answer);
			}
			for (Map<String, Object> question : questions) {
				Map<String, Object> answer = answers.get(String.valueOf(question.get("id")));
				if (answer == null) {
					throw new IllegalStateException("no ground truth for " + question.get("id"));
				}
				tasks.add(task(question, answer.get("ground_truth")));
			}
		}
		return tasks;
	}

	/** A task from a question row and a ground truth (BFCL's list of {function: {param: [allowed]}}). */
	@SuppressWarnings("unchecked")
	static BfclTask task(Map<String, Object> row, Object groundTruth) {
		if (!(row.get("id") instanceof String id)) {
			throw new IllegalArgumentException("row has no string 'id'");
		}
		BfclCategory category = BfclCategory.ofId(id);
		if (!(row.get("function") instanceof List<?> functions) || functions.isEmpty()) {
			throw new IllegalArgumentException(id + ": 'function' must be a non-empty list of function documents");
		}
		for (Object f : functions) {
			if (!(f instanceof Map<?, ?> m) || !(m.get("name") instanceof String)
					|| !(m.get("parameters") instanceof Map<?, ?> p) || !(p.get("properties") instanceof Map<?, ?>)) {
				throw new IllegalArgumentException(id + ": a function document lacks name or parameters.properties");
			}
		}
		if (!(groundTruth instanceof List<?> truth) || truth.isEmpty()) {
			throw new IllegalArgumentException(id + ": 'ground_truth' must be a non-empty list");
		}
		List<ExpectedCall> expected = new ArrayList<>();
		for (Object call : truth) {
			if (!(call instanceof Map<?, ?> m) || m.size() != 1
					|| !(m.values().iterator().next() instanceof Map<?, ?> params)) {
				throw new IllegalArgumentException(id + ": a ground-truth call must be {function: {param: [values]}}");
			}
			Map<String, List<Object>> allowed = new LinkedHashMap<>();
			for (Map.Entry<?, ?> p : params.entrySet()) {
				if (!(p.getValue() instanceof List<?> values)) {
					throw new IllegalArgumentException(id + ": allowed values of " + p.getKey() + " must be a list");
				}
				allowed.put(String.valueOf(p.getKey()), (List<Object>) values);
			}
			expected.add(new ExpectedCall(String.valueOf(m.keySet().iterator().next()), allowed));
		}
		return new BfclTask(id, category, question(id, row.get("question")), (List<Map<String, Object>>) functions,
				expected);
	}

	/** BFCL questions are a list of turns of messages; single-turn categories have one user message. */
	private static String question(String id, Object question) {
		if (question instanceof List<?> turns && !turns.isEmpty() && turns.get(0) instanceof List<?> messages) {
			StringBuilder text = new StringBuilder();
			for (Object m : messages) {
				if (m instanceof Map<?, ?> message && "user".equals(message.get("role"))
						&& message.get("content") instanceof String content) {
					text.append(text.isEmpty() ? "" : "\n").append(content);
				}
			}
			if (!text.isEmpty()) {
				return text.toString();
			}
		}
		throw new IllegalArgumentException(id + ": 'question' must be [[{role: user, content: ...}]]");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> resource(String name) {
		List<Map<String, Object>> rows = new ArrayList<>();
		try (InputStream in = BfclRows.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("dataset resource not found: " + name);
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (!line.isBlank()) {
					try {
						rows.add(JSON.readValue(line, Map.class));
					}
					catch (JacksonException ex) {
						throw new IllegalStateException(name + " line " + number + ": " + ex.getOriginalMessage(), ex);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return rows;
	}

}
