package dev.gauntlet.environment.qa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.verifier.math.AnswerMode;
import dev.gauntlet.verifier.math.MathVerifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads question rows into tasks. Multiple-choice options are shuffled with a seed that mixes in the task id, so a
 * task always shows the same order while the position of the right answer varies across tasks. Rows that cannot be
 * used (bad JSON, no question, an answer that names no option, an open answer the verifier cannot read) are
 * dropped and reported.
 */
final class QaLoader {

	/** Kept tasks and the ids of dropped rows with reasons. */
	record Loaded(List<Task> tasks, Map<String, String> dropped) {
	}

	static final int MAX_OPTIONS = 26;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private QaLoader() {
	}

	static Loaded load(QaSettings settings, MathVerifier verifier) {
		List<Task> tasks = new ArrayList<>();
		Map<String, String> dropped = new LinkedHashMap<>();
		for (QaDatasetSource source : settings.datasets()) {
			List<String> lines = readLines(source);
			for (int row = 0; row < lines.size(); row++) {
				if (lines.get(row).isBlank()) {
					continue;
				}
				String id = source.name() + "-" + row;
				try {
					tasks.add(toTask(id, JSON.readTree(lines.get(row)), source, settings, verifier));
				}
				catch (JacksonException ex) {
					dropped.put(id, "not valid JSON");
				}
				catch (IllegalArgumentException ex) {
					dropped.put(id, ex.getMessage());
				}
			}
		}
		return new Loaded(tasks, dropped);
	}

	private static Task toTask(String id, JsonNode row, QaDatasetSource source, QaSettings settings,
			MathVerifier verifier) {
		String question = scalar(row, source.questionField());
		JsonNode answerNode = row.get(source.answerField());
		if (question == null || question.isBlank() || answerNode == null || answerNode.isNull()) {
			throw new IllegalArgumentException("needs '" + source.questionField() + "' and '" + source.answerField() + "'");
		}
		List<String> options = options(row.get(source.optionsField()));
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("question", question);
		if (options.isEmpty()) {
			String answer = answerNode.isString() ? answerNode.asString() : answerNode.toString();
			if (!verifier.checkGold(answer, AnswerMode.LATEX).usable()) {
				throw new IllegalArgumentException("open answer cannot be read by the verifier: " + answer);
			}
			fields.put("format", QaFormat.OPEN_ENDED.name());
			fields.put("answer", answer);
			return new Task(id, fields);
		}
		int correct = correctIndex(answerNode, options);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < options.size(); i++) {
			order.add(i);
		}
		if (settings.shuffleOptions()) {
			Collections.shuffle(order, new Random(settings.shuffleSeed() ^ ((long) id.hashCode() << 16)));
		}
		List<String> shuffled = order.stream().map(options::get).toList();
		fields.put("format", QaFormat.MULTIPLE_CHOICE.name());
		fields.put("options", shuffled);
		fields.put("answer", String.valueOf((char) ('A' + order.indexOf(correct))));
		return new Task(id, fields);
	}

	private static List<String> options(JsonNode node) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		List<String> out = new ArrayList<>();
		if (node.isArray()) {
			node.forEach(n -> out.add(n.isString() ? n.asString() : n.toString()));
		}
		else if (node.isObject()) {
			// {"A": "...", "B": "..."}: keep the letter order.
			List<String> keys = new ArrayList<>(node.propertyNames());
			Collections.sort(keys);
			for (String k : keys) {
				out.add(node.get(k).isString() ? node.get(k).asString() : node.get(k).toString());
			}
		}
		else {
			throw new IllegalArgumentException("options must be a list or an object");
		}
		if (out.size() < 2 || out.size() > MAX_OPTIONS) {
			throw new IllegalArgumentException("needs 2 to " + MAX_OPTIONS + " options, has " + out.size());
		}
		return out;
	}

	/** The answer as a letter, a zero-based index, or the text of one option. */
	private static int correctIndex(JsonNode answer, List<String> options) {
		if (answer.isIntegralNumber()) {
			int i = answer.asInt();
			if (i >= 0 && i < options.size()) {
				return i;
			}
			throw new IllegalArgumentException("answer index " + i + " is not an option");
		}
		String text = answer.asString().trim();
		String letter = text.replaceAll("^\\(|\\)$", "").toUpperCase(Locale.ROOT);
		if (letter.length() == 1 && letter.charAt(0) >= 'A' && letter.charAt(0) < 'A' + options.size()) {
			return letter.charAt(0) - 'A';
		}
		for (int i = 0; i < options.size(); i++) {
			if (options.get(i).trim().equalsIgnoreCase(text)) {
				return i;
			}
		}
		throw new IllegalArgumentException("answer '" + text + "' names no option");
	}

	private static String scalar(JsonNode row, String field) {
		JsonNode v = row.get(field);
		return v == null || v.isNull() || v.isContainer() ? null : (v.isString() ? v.asString() : v.toString());
	}

	private static List<String> readLines(QaDatasetSource source) {
		try (InputStream in = source.file() != null ? Files.newInputStream(source.file())
				: QaEnvironment.class.getResourceAsStream(source.resource())) {
			if (in == null) {
				throw new IllegalStateException("dataset resource not found: " + source.resource());
			}
			return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read dataset " + source.name(), ex);
		}
	}

}
