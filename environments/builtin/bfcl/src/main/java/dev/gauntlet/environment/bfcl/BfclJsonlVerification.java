package dev.gauntlet.environment.bfcl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code gauntlet verify bfcl --input FILE [--output FILE]}: reads JSON lines, each a BFCL question row
 * ({@code id}, {@code question}, {@code function}) plus {@code response}, the model's tool calls in OpenAI format,
 * and optionally {@code ground_truth} (otherwise the shipped ground truth of that id is used). Writes one line
 * per input line, in input order:
 *
 * <pre>
 * {"line": n, "id": "...", "category": "...", "verdict": "correct"|"incorrect", "correct": bool, "reward": 0|1,
 *  "f1": number, "matched": n, "calls": n, "expected": n, "reason": "..."}
 * </pre>
 *
 * A line that cannot be read (not JSON, no id of a supported category, no ground truth, a malformed response)
 * gets {@code "verdict": "invalid"} and a {@code reason}; it is not a verdict on the model, and the other lines
 * are still verified.
 */
public final class BfclJsonlVerification {

	private BfclJsonlVerification() {
	}

	/** Counts of what was written. */
	public record Summary(int lines, int correct, int invalid, double meanF1) {
	}

	public static Summary run(Reader input, Writer output) throws IOException {
		Map<String, BfclTask> shipped = new java.util.HashMap<>();
		BfclRows.shipped().forEach(t -> shipped.put(t.id(), t));
		BufferedReader reader = new BufferedReader(input);
		int lines = 0;
		int correct = 0;
		int invalid = 0;
		double f1 = 0;
		String line;
		int number = 0;
		while ((line = reader.readLine()) != null) {
			number++;
			if (line.isBlank()) {
				continue;
			}
			ObjectNode result = verifyLine(line, number, shipped);
			lines++;
			String verdict = result.path("verdict").asString("");
			correct += verdict.equals("correct") ? 1 : 0;
			invalid += verdict.equals("invalid") ? 1 : 0;
			f1 += result.path("f1").asDouble(0);
			output.write(BfclRows.JSON.writeValueAsString(result));
			output.write('\n');
		}
		output.flush();
		return new Summary(lines, correct, invalid, lines - invalid == 0 ? 0 : f1 / (lines - invalid));
	}

	@SuppressWarnings("unchecked")
	static ObjectNode verifyLine(String line, int number, Map<String, BfclTask> shipped) {
		ObjectNode out = BfclRows.JSON.createObjectNode();
		out.put("line", number);
		JsonNode input;
		try {
			input = BfclRows.JSON.readTree(line);
		}
		catch (JacksonException ex) {
			return invalid(out, "not JSON: " + ex.getOriginalMessage());
		}
		if (!input.isObject()) {
			return invalid(out, "expected a JSON object");
		}
		if (input.path("id").isString()) {
			out.put("id", input.path("id").stringValue());
		}
		if (!input.has("response")) {
			return invalid(out, "no 'response'");
		}
		BfclTask task;
		List<FunctionCall> calls;
		try {
			Map<String, Object> row = BfclRows.JSON.treeToValue(input, Map.class);
			Object truth = row.get("ground_truth");
			if (truth == null) {
				truth = Optional.ofNullable(shipped.get(String.valueOf(row.get("id"))))
					.map(t -> (Object) t.toTask().fields().get("ground_truth"))
					.orElseThrow(() -> new IllegalArgumentException(
							"no ground_truth in the row and no shipped task with id " + row.get("id")));
			}
			task = BfclRows.task(row, truth);
			calls = FunctionCall.fromResponse(input.get("response"));
		}
		catch (IllegalArgumentException | ClassCastException | JacksonException ex) {
			return invalid(out, ex.getMessage());
		}
		BfclVerdict verdict;
		try {
			verdict = BfclScorer.score(task, calls);
		}
		catch (ClassCastException | NullPointerException ex) {
			// the row's own function documents are outside input too
			return invalid(out, "malformed function document or ground truth in the row");
		}
		out.put("category", task.category().wireName());
		out.put("verdict", verdict.correct() ? "correct" : "incorrect");
		out.put("correct", verdict.correct());
		out.put("reward", verdict.correct() ? 1 : 0);
		out.put("f1", verdict.f1());
		out.put("matched", verdict.matched());
		out.put("calls", verdict.made());
		out.put("expected", verdict.expected());
		out.put("reason", verdict.reason());
		return out;
	}

	private static ObjectNode invalid(ObjectNode out, String reason) {
		out.put("verdict", "invalid");
		out.put("reason", reason);
		return out;
	}

}
