package dev.gauntlet.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gauntlet verify math|code|bfcl}: one result line per input line, in order, malformed lines included. */
class VerifyCommandTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	private List<JsonNode> run(String kind, String... lines) throws Exception {
		Path in = dir.resolve(kind + ".jsonl");
		Path out = dir.resolve(kind + ".out.jsonl");
		Files.write(in, List.of(lines));
		int exit = new CommandLine(new GauntletCommand()).execute("verify", kind, "--input", in.toString(), "--output",
				out.toString());
		assertThat(exit).isZero();
		return Files.readAllLines(out).stream().map(JSON::readTree).toList();
	}

	@Test
	void verifiesMathLinesInOrderAndReportsMalformedOnes() throws Exception {
		List<JsonNode> results = run("math", "{\"gold\": \"\\\\frac{1}{2}\", \"response\": \"so \\\\boxed{0.5}\"}",
				"not json", "{\"gold\": \"3\", \"response\": \"#### 4\"}");
		assertThat(results).hasSize(3);
		assertThat(results.get(0).get("correct").asBoolean()).isTrue();
		assertThat(results.get(1).get("error").asString()).contains("line 2");
		assertThat(results.get(2).get("correct").asBoolean()).isFalse();
		assertThat(results.get(2).get("extracted").asString()).isEqualTo("4");
	}

	@Test
	void verifiesCodeInTheSandbox() throws Exception {
		String task = "{\"task_id\": \"t/0\", \"prompt\": \"def add(a, b):\\n    \\\"\\\"\\\"Add two numbers.\\\"\\\"\\\"\\n\", \"entry_point\": \"add\", "
				+ "\"test\": \"def check(candidate):\\n    assert candidate(2, 3) == 5\\n\"}";
		List<JsonNode> results = run("code",
				"{\"task\": " + task + ", \"response\": \"```python\\ndef add(a, b):\\n    return a + b\\n```\"}",
				"{\"task\": " + task + ", \"response\": \"```python\\ndef add(a, b):\\n    return a - b\\n```\"}");
		assertThat(results).extracting(r -> r.get("passed").asBoolean()).containsExactly(true, false);
		assertThat(results.get(1).get("status").asString()).isEqualTo("failed");
	}

	@Test
	void verifiesBfclCallsUnderTheAstRules() throws Exception {
		String question = "\"id\": \"simple_python_0\", \"question\": [[{\"role\": \"user\", \"content\": \"Area of a "
				+ "triangle, base 10, height 5.\"}]], \"function\": [{\"name\": \"calculate_triangle_area\", "
				+ "\"description\": \"Area.\", \"parameters\": {\"type\": \"dict\", \"properties\": {\"base\": "
				+ "{\"type\": \"integer\"}, \"height\": {\"type\": \"integer\"}, \"unit\": {\"type\": \"string\"}}, "
				+ "\"required\": [\"base\", \"height\"]}}]";
		String right = "[{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"name\": "
				+ "\"calculate_triangle_area\", \"arguments\": \"{\\\"base\\\": 10, \\\"height\\\": 5}\"}}]";
		String wrong = right.replace("5}", "6}");
		List<JsonNode> results = run("bfcl", "{" + question + ", \"response\": " + right + "}",
				"{" + question + ", \"response\": " + wrong + "}", "{}");
		assertThat(results).hasSize(3);
		assertThat(results).extracting(r -> r.get("verdict").asString()).containsExactly("correct", "incorrect", "invalid");
	}

	@Test
	void refusesAMissingInputFile() {
		int exit = new CommandLine(new GauntletCommand()).execute("verify", "math", "--input",
				dir.resolve("absent.jsonl").toString());
		assertThat(exit).isEqualTo(2);
	}

}
