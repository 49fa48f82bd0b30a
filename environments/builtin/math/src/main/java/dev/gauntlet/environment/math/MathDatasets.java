package dev.gauntlet.environment.math;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.verifier.math.AnswerMode;
import dev.gauntlet.verifier.math.GoldAnswer;
import dev.gauntlet.verifier.math.GoldCheck;
import dev.gauntlet.verifier.math.MathVerifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads dataset rows into tasks and filters them: a row is kept only if its gold answer parses and the verifier
 * accepts it as equal to itself. Rows are outside input, so a bad row is dropped and reported, never fatal.
 */
final class MathDatasets {

	/** Kept tasks, their prepared gold answers, and the report of what was dropped. */
	record Loaded(List<Task> tasks, Map<String, GoldAnswer> golds, FilterReport report) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private MathDatasets() {
	}

	static Loaded load(List<DatasetSource> sources, MathVerifier verifier) {
		List<Task> tasks = new ArrayList<>();
		Map<String, GoldAnswer> golds = new LinkedHashMap<>();
		List<FilterReport.Dropped> dropped = new ArrayList<>();
		for (DatasetSource source : sources) {
			List<String> lines = readLines(source);
			for (int row = 0; row < lines.size(); row++) {
				String line = lines.get(row);
				if (line.isBlank()) {
					continue;
				}
				String id = source.name() + "-" + row;
				JsonNode node;
				try {
					node = JSON.readTree(line);
				}
				catch (JacksonException ex) {
					dropped.add(new FilterReport.Dropped(id, "", "line " + (row + 1) + " is not valid JSON"));
					continue;
				}
				String question = text(node, source.questionField());
				String answer = text(node, source.answerField());
				if (question == null || answer == null) {
					dropped.add(new FilterReport.Dropped(id, answer == null ? "" : answer,
							"missing field '" + (question == null ? source.questionField() : source.answerField()) + "'"));
					continue;
				}
				if (source.answerAfterHashes()) {
					int marker = answer.lastIndexOf("####");
					answer = marker < 0 ? "" : answer.substring(marker + 4).trim();
				}
				GoldCheck check = verifier.checkGold(answer, AnswerMode.LATEX);
				if (!check.usable() || check.gold() == null) {
					dropped.add(new FilterReport.Dropped(id, answer, String.valueOf(check.reason())));
					continue;
				}
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("question", question);
				fields.put("answer", answer);
				fields.put("source", source.name());
				JsonNode level = node.get("level");
				if (level != null && level.isNumber()) {
					fields.put("difficulty", level.asInt());
				}
				tasks.add(new Task(id, fields));
				golds.put(id, check.gold());
			}
		}
		return new Loaded(tasks, golds, new FilterReport(tasks.size(), dropped));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node == null ? null : node.get(field);
		if (value == null || value.isNull() || value.isContainer()) {
			return null;
		}
		return value.isString() ? value.asString() : value.toString();
	}

	private static List<String> readLines(DatasetSource source) {
		try (InputStream in = open(source)) {
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			return reader.lines().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read dataset " + source.name(), ex);
		}
	}

	private static InputStream open(DatasetSource source) throws IOException {
		if (source.file() != null) {
			return Files.newInputStream(source.file());
		}
		InputStream in = MathEnvironment.class.getResourceAsStream(source.resource());
		if (in == null) {
			throw new IllegalStateException("dataset resource not found: " + source.resource());
		}
		return in;
	}

}
