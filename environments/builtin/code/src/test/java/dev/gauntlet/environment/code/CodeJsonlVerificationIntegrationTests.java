package dev.gauntlet.environment.code;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import dev.gauntlet.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class CodeJsonlVerificationIntegrationTests {

	static CodeVerifier verifier;

	@BeforeAll
	static void start() {
		verifier = CodeVerifier.start(CodeSettings.defaults(), SandboxSettings.defaults().withWorkers(2));
	}

	@AfterAll
	static void stop() {
		verifier.close();
	}

	static String line(JsonNode task, String response) {
		ObjectNode node = TaskFormats.JSON.createObjectNode();
		node.set("task", task);
		node.put("response", response);
		return TaskFormats.JSON.writeValueAsString(node);
	}

	@Test
	void writesOneVerdictPerLineInInputOrder() throws Exception {
		List<JsonNode> humaneval = CodeDatasets.rows(CodeDatasets.HUMANEVAL_PYTHON);
		JsonNode mbpp = CodeDatasets.rows(CodeDatasets.MBPP).get(0);
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 12; i++) { // alternately right and wrong, to catch any reordering
			JsonNode row = humaneval.get(i);
			String body = i % 2 == 0 ? row.path("canonical_solution").asString() : "    return None\n";
			lines.add(line(row, "```python\n" + row.path("prompt").asString() + body + "```"));
		}
		lines.add(line(mbpp, "no code here"));
		lines.add("{not json");
		lines.add("{\"task\": {\"what\": 1}, \"response\": \"x\"}");
		lines.add(line(mbpp, "```python\n" + mbpp.path("canonical_solution").asString() + "\n```"));
		StringWriter out = new StringWriter();

		CodeJsonlVerification.Summary summary = CodeJsonlVerification.run(
				new StringReader(String.join("\n", lines) + "\n"), out, verifier, 2);

		List<JsonNode> results = out.toString().lines().map(TaskFormats.JSON::readTree).toList();
		assertThat(results).hasSize(lines.size());
		for (int i = 0; i < 12; i++) {
			assertThat(results.get(i).path("passed").asBoolean()).as("line " + (i + 1)).isEqualTo(i % 2 == 0);
			assertThat(results.get(i).path("reward").asDouble()).isEqualTo(i % 2 == 0 ? 1.0 : 0.0);
			assertThat(results.get(i).path("status").asString()).isEqualTo(i % 2 == 0 ? "passed" : "failed");
			assertThat(results.get(i).path("tests")).hasSize(1);
		}
		assertThat(results.get(12).path("status").asString()).isEqualTo("no_code");
		assertThat(results.get(13).path("status").asString()).isEqualTo("sandbox_error");
		assertThat(results.get(13).path("error").asString()).startsWith("line 14: not JSON");
		assertThat(results.get(14).path("error").asString()).contains("unrecognised task row");
		assertThat(results.get(15).path("passed").asBoolean()).isTrue();
		assertThat(results.get(15).path("tests")).hasSize(3);
		assertThat(summary.lines()).isEqualTo(16);
		assertThat(summary.passed()).isEqualTo(7);
		assertThat(summary.notVerdicts()).isEqualTo(2);
	}

}
