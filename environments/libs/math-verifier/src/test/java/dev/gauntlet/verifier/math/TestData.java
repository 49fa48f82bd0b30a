package dev.gauntlet.verifier.math;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads the dataset copies shipped in the module's data/ folder (see data/README.md). */
final class TestData {

	private static final ObjectMapper JSON = new ObjectMapper();

	private TestData() {}

	static List<JsonNode> jsonl(String file) {
		try {
			return Files.readAllLines(Path.of("data", file)).stream()
					.filter(line -> !line.isBlank())
					.map(JSON::readTree)
					.toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The answer after {@code ####} in a GSM8K solution. */
	static String gsm8kAnswer(JsonNode row) {
		String solution = row.get("answer").asString();
		return solution.substring(solution.lastIndexOf("####") + 4).trim();
	}
}
