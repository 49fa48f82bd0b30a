package dev.gauntlet.verifier.math.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The shared inputs written by bench/make_inputs.py. */
record BenchInputs(List<Row> rows) {

	record Row(String gold, String response, boolean expected, boolean acceptEither, String source) {}

	static BenchInputs load(Path path) throws IOException {
		ObjectMapper json = new ObjectMapper();
		List<Row> rows = Files.readAllLines(path).stream().filter(l -> !l.isBlank()).map(line -> {
			JsonNode n = json.readTree(line);
			return new Row(n.get("gold").asString(), n.get("response").asString(), n.get("expected").asBoolean(),
					n.get("accept_either").asBoolean(), n.get("source").asString());
		}).toList();
		return new BenchInputs(rows);
	}

	static Path defaultPath() {
		return Path.of(System.getProperty("bench.inputs", "target/bench-inputs.jsonl"));
	}
}
