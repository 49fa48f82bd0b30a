package dev.gauntlet.environment.code;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.gauntlet.sandbox.SandboxSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code gauntlet verify code --input FILE [--output FILE]}: reads JSON lines
 * {@code {"task": <a dataset row>, "response": "<model response>"}} and writes one line per input, in input order:
 *
 * <pre>
 * {"passed": bool, "reward": number, "status": "passed"|"failed"|"timeout"|"memory"|"output_limit"|
 *  "runtime_error"|"compile_error"|"no_code"|"sandbox_error", "tests": [{"passed", "status", "detail"}...],
 *  "task_id": "...", "detail": "..."}
 * </pre>
 *
 * A line that is not a JSON object with a recognisable {@code task} and a string {@code response} gets
 * {@code "status": "sandbox_error"} (not a verdict) and an {@code "error"} naming the line and the problem; the
 * other lines are still verified. Lines are verified concurrently, as many as the sandbox pool has workers.
 */
public final class CodeJsonlVerification {

	private CodeJsonlVerification() {
	}

	/** Counts of what was written. */
	public record Summary(int lines, int passed, int notVerdicts) {
	}

	/**
	 * Verifies with a fresh sandbox pool, closed at the end, configured like the code environment from this
	 * process's system properties and environment variables ({@link CodeSandboxSettings#ofThisProcess}).
	 *
	 * @throws dev.gauntlet.sandbox.SandboxUnavailableException when the code cannot be isolated: nothing runs
	 */
	public static Summary run(Reader input, Writer output) throws IOException {
		SandboxSettings sandbox = CodeSandboxSettings.ofThisProcess();
		try (CodeVerifier verifier = CodeVerifier.start(CodeSettings.defaults(), sandbox)) {
			return run(input, output, verifier, sandbox.workers());
		}
	}

	public static Summary run(Reader input, Writer output, CodeVerifier verifier, int concurrency)
			throws IOException {
		BufferedReader reader = new BufferedReader(input);
		ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, concurrency));
		Deque<CompletableFuture<ObjectNode>> window = new ArrayDeque<>();
		int lines = 0;
		int passed = 0;
		int notVerdicts = 0;
		try {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				String text = line;
				int lineNumber = number;
				window.add(CompletableFuture.supplyAsync(() -> verifyLine(text, lineNumber, verifier), executor));
				while (window.size() >= concurrency * 4) {
					ObjectNode result = await(window.poll());
					passed += result.path("passed").asBoolean(false) ? 1 : 0;
					notVerdicts += result.path("status").asString("").equals("sandbox_error") ? 1 : 0;
					write(output, result);
					lines++;
				}
			}
			while (!window.isEmpty()) {
				ObjectNode result = await(window.poll());
				passed += result.path("passed").asBoolean(false) ? 1 : 0;
				notVerdicts += result.path("status").asString("").equals("sandbox_error") ? 1 : 0;
				write(output, result);
				lines++;
			}
			output.flush();
			return new Summary(lines, passed, notVerdicts);
		}
		finally {
			executor.shutdownNow();
		}
	}

	static ObjectNode verifyLine(String line, int number, CodeVerifier verifier) {
		JsonNode input;
		CodeTask task;
		try {
			input = TaskFormats.JSON.readTree(line);
			if (!input.isObject() || !input.path("task").isObject() || !input.path("response").isString()) {
				return invalid(number, "expected {\"task\": {...}, \"response\": \"...\"}");
			}
			task = TaskFormats.parse(input.path("task"));
		}
		catch (JacksonException ex) {
			return invalid(number, "not JSON: " + ex.getOriginalMessage());
		}
		catch (IllegalArgumentException ex) {
			return invalid(number, ex.getMessage());
		}
		return toJson(task.id(), verifier.verify(task, input.path("response").stringValue()));
	}

	static ObjectNode toJson(String taskId, CodeVerdict verdict) {
		ObjectNode out = TaskFormats.JSON.createObjectNode();
		out.put("passed", verdict.passed());
		out.put("reward", verdict.reward());
		out.put("status", verdict.status().wireName());
		ArrayNode tests = out.putArray("tests");
		for (TestVerdict test : verdict.tests()) {
			ObjectNode t = tests.addObject();
			t.put("passed", test.passed());
			t.put("status", test.status().wireName());
			t.put("detail", test.detail());
		}
		out.put("task_id", taskId);
		out.put("detail", verdict.detail());
		return out;
	}

	private static ObjectNode invalid(int number, String why) {
		ObjectNode out = TaskFormats.JSON.createObjectNode();
		out.put("passed", false);
		out.put("reward", 0.0);
		out.put("status", CodeStatus.SANDBOX_ERROR.wireName());
		out.putArray("tests");
		out.put("error", "line " + number + ": " + why);
		return out;
	}

	private static ObjectNode await(CompletableFuture<ObjectNode> future) throws IOException {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
		catch (ExecutionException ex) {
			// verify() turns sandbox failures into verdicts; anything else is a bug worth surfacing per line
			ObjectNode out = invalid(0, "verifier failed: " + ex.getCause());
			out.put("error", "verifier failed: " + ex.getCause());
			return out;
		}
	}

	private static void write(Writer output, ObjectNode result) throws IOException {
		output.write(TaskFormats.JSON.writeValueAsString(result));
		output.write('\n');
	}

}
