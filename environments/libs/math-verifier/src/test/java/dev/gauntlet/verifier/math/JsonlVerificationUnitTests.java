package dev.gauntlet.verifier.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class JsonlVerificationUnitTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private List<JsonNode> run(String input) throws Exception {
		StringWriter out = new StringWriter();
		JsonlVerification.run(new StringReader(input), out);
		return out.toString().lines().map(JSON::readTree).toList();
	}

	@Test
	void writesOneResultPerLineInOrder() throws Exception {
		List<JsonNode> out = run("""
				{"gold": "\\\\frac{1}{2}", "response": "so \\\\boxed{0.5}"}
				{"gold": "3", "response": "#### 4"}
				{"gold": "C", "response": "The answer is (C).", "mode": "mcq"}
				{"gold": "7425000", "response": "7,425,000", "mode": "expr"}
				""");
		assertThat(out).hasSize(4);
		assertThat(out.get(0).get("correct").asBoolean()).isTrue();
		assertThat(out.get(0).get("reward").asDouble()).isEqualTo(1.0);
		assertThat(out.get(0).get("extracted").asString()).isEqualTo("0.5");
		assertThat(out.get(0).get("error").isNull()).isTrue();
		assertThat(out.get(1).get("correct").asBoolean()).isFalse();
		assertThat(out.get(1).get("reward").asDouble()).isEqualTo(0.0);
		assertThat(out.get(2).get("correct").asBoolean()).isTrue();
		assertThat(out.get(3).get("correct").asBoolean()).isTrue();
	}

	@Test
	void answersAMalformedLineWithAnErrorAndGoesOn() throws Exception {
		List<JsonNode> out = run("""
				{"gold": "1", "response": "\\\\boxed{1}"}
				this is not json
				{"gold": 1, "response": "x"}
				{"gold": "1", "response": "1", "mode": "sympy"}

				{"gold": "2", "response": "\\\\boxed{2}"}
				""");
		assertThat(out).hasSize(6);
		assertThat(out.get(0).get("correct").asBoolean()).isTrue();
		for (int i = 1; i <= 4; i++) {
			assertThat(out.get(i).get("correct").asBoolean()).isFalse();
			assertThat(out.get(i).get("error").asString()).startsWith("line " + (i + 1));
			assertThat(out.get(i).get("extracted").isNull()).isTrue();
		}
		assertThat(out.get(5).get("correct").asBoolean()).isTrue();
	}

	@Test
	void reportsAVerifierErrorInTheErrorField() throws Exception {
		List<JsonNode> out = run("{\"gold\": \"\", \"response\": \"\\\\boxed{1}\"}\n");
		assertThat(out.getFirst().get("error").asString()).contains("gold");
		assertThat(out.getFirst().get("correct").asBoolean()).isFalse();
	}

	@Test
	void countsLinesCorrectAndErrors() throws Exception {
		JsonlVerification.Summary summary = JsonlVerification.run(
				new StringReader("{\"gold\":\"1\",\"response\":\"\\\\boxed{1}\"}\nnope\n"), new StringWriter());
		assertThat(summary).isEqualTo(new JsonlVerification.Summary(2, 1, 1));
	}
}
