package dev.gauntlet.environment.bfcl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.gauntlet.environment.spi.Task;

/**
 * A BFCL question with its ground truth.
 *
 * @param question the user turn's text
 * @param functions the function documents, as BFCL gives them
 */
record BfclTask(String id, BfclCategory category, String question, List<Map<String, Object>> functions,
		List<ExpectedCall> groundTruth) {

	BfclTask {
		functions = List.copyOf(functions);
		groundTruth = List.copyOf(groundTruth);
	}

	Optional<Map<String, Object>> function(String name) {
		return functions.stream().filter(f -> name.equals(f.get("name"))).findFirst();
	}

	Task toTask() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("category", category.wireName());
		fields.put("question", question);
		fields.put("functions", functions);
		fields.put("ground_truth", groundTruth.stream().map(c -> Map.of(c.function(), c.allowed())).toList());
		return new Task(id, fields);
	}

}
