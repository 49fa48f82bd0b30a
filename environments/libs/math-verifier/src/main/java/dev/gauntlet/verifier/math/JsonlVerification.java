package dev.gauntlet.verifier.math;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The batch runner behind {@code gauntlet verify math --input FILE [--output FILE]}.
 *
 * <p>Reads JSON lines {@code {"gold": …, "response": …, "mode"?: "latex"|"expr"|"mcq"}} and
 * writes one line per input line, in order:
 * {@code {"correct": bool, "reward": number, "extracted": string|null, "error": string|null}}.
 * A malformed line (bad JSON, missing field, unknown mode, blank) gets an error line and the run
 * goes on, so output line n always answers input line n.
 */
public final class JsonlVerification {

	/** Totals of one run. */
	public record Summary(long lines, long correct, long errors) {}

	private static final ObjectMapper JSON = new ObjectMapper();

	private final MathVerifier verifier;

	public JsonlVerification(MathVerifier verifier) {
		this.verifier = verifier;
	}

	/** Runs with a default {@link MathVerifier}. */
	public static Summary run(Reader input, Writer output) throws IOException {
		return new JsonlVerification(MathVerifier.create()).verifyAll(input, output);
	}

	public Summary verifyAll(Reader input, Writer output) throws IOException {
		BufferedReader lines = input instanceof BufferedReader b ? b : new BufferedReader(input);
		long count = 0;
		long correct = 0;
		long errors = 0;
		String line;
		while ((line = lines.readLine()) != null) {
			count++;
			ObjectNode result = verifyLine(line, count);
			if (result.get("correct").asBoolean()) {
				correct++;
			}
			if (!result.get("error").isNull()) {
				errors++;
			}
			output.write(JSON.writeValueAsString(result));
			output.write('\n');
		}
		output.flush();
		return new Summary(count, correct, errors);
	}

	private ObjectNode verifyLine(String line, long number) {
		JsonNode row;
		try {
			row = JSON.readTree(line);
		} catch (JacksonException e) {
			return failure("line " + number + ": not valid JSON");
		}
		if (row == null || !row.isObject()) {
			return failure("line " + number + ": expected a JSON object");
		}
		JsonNode gold = row.get("gold");
		JsonNode response = row.get("response");
		if (gold == null || !gold.isString() || response == null || !response.isString()) {
			return failure("line " + number + ": \"gold\" and \"response\" must be strings");
		}
		AnswerMode mode = AnswerMode.LATEX;
		JsonNode modeField = row.get("mode");
		if (modeField != null && !modeField.isNull()) {
			try {
				mode = AnswerMode.parse(modeField.isString() ? modeField.asString() : modeField.toString());
			} catch (IllegalArgumentException e) {
				return failure("line " + number + ": " + e.getMessage());
			}
		}
		Verdict verdict = verifier.verify(gold.asString(), response.asString(), mode);
		ObjectNode out = JSON.createObjectNode();
		out.put("correct", verdict.correct());
		out.put("reward", verdict.reward());
		out.put("extracted", verdict.extracted());
		out.put("error", verdict.error());
		return out;
	}

	private static ObjectNode failure(String message) {
		ObjectNode out = JSON.createObjectNode();
		out.put("correct", false);
		out.put("reward", 0.0);
		out.putNull("extracted");
		out.put("error", message);
		return out;
	}
}
