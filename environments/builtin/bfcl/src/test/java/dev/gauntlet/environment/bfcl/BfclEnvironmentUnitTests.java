package dev.gauntlet.environment.bfcl;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.SessionStart;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BfclEnvironmentUnitTests {

	private static final BfclEnvironment BINARY = new BfclEnvironment(BfclEnvironment.Scoring.BINARY);

	@Test
	void aSessionOpensWithTheQuestionAndTheFunctionsAsTools() {
		BfclTask task = BINARY.find("parallel_multiple_0").orElseThrow();
		SessionStart start = BINARY.seed("s", task.toTask());
		assertThat(start.messages()).singleElement().satisfies(m -> assertThat(m.content()).contains("multiples of 3"));
		assertThat(start.tools()).extracting(t -> t.name())
			.containsExactly("math_toolkit_sum_of_multiples", "math_toolkit_product_of_primes");
	}

	@Test
	void toolCallsAreAcknowledgedAndHostileOnesGetAToolError() {
		assertThat(BINARY.callTool("s", "math_toolkit_product_of_primes", "{\"count\": 5}").error()).isFalse();
		assertThat(BINARY.callTool("s", "rm_rf", "{}").error()).isTrue();
		assertThat(BINARY.callTool("s", "math_toolkit_product_of_primes", "{\"count\": ").error()).isTrue();
		assertThat(BINARY.callTool("s", "math_toolkit_product_of_primes", "\"'; DROP TABLE x; --\"").error()).isTrue();
		assertThat(BINARY.callTool("s", "x".repeat(10_000), "{}").content()).hasSizeLessThan(200);
		assertThat(BINARY.callTool("s", "math_toolkit_product_of_primes", "{\"a\": \"" + "x".repeat(200_000) + "\"}")
			.error()).isTrue();
	}

	@Test
	void f1ScoringRewardsPartialParallelAnswersAndBinaryDoesNot() {
		BfclEnvironment f1 = (BfclEnvironment) new BfclProvider().create(new EnvironmentContext() {
			@Override
			public java.util.Optional<String> setting(String key) {
				return key.equals("scoring") ? java.util.Optional.of("f1") : java.util.Optional.empty();
			}

			@Override
			public javax.sql.DataSource dataSource() {
				throw new IllegalStateException();
			}
		});
		BfclTask task = BINARY.find("parallel_0").orElseThrow();
		List<FunctionCall> calls = new ArrayList<>(References.calls(task));
		calls.remove(0);
		VerificationRequest request = new VerificationRequest("s", task.toTask(),
				List.of(ChatMessage.assistant(null, References.toolCalls(calls))));
		Verification binary = BINARY.verify(request);
		Verification partial = f1.verify(request);
		assertThat(binary.reward()).isZero();
		assertThat(partial.reward()).isGreaterThan(0).isLessThan(1);
		assertThat(partial.components()).containsEntry("correct", 0.0);
	}

	@Test
	void onlyTheFirstAssistantTurnWithToolCallsCounts() {
		BfclTask task = BINARY.find("simple_python_0").orElseThrow();
		List<ChatMessage.ToolCall> right = References.toolCalls(References.calls(task));
		List<ChatMessage.ToolCall> wrong = List.of(new ChatMessage.ToolCall("c", "calculate_triangle_area", "{}"));
		assertThat(BINARY.verify(new VerificationRequest("s", task.toTask(), List.of(ChatMessage.assistant("thinking", List.of()),
				ChatMessage.assistant(null, right), ChatMessage.assistant(null, wrong)))).reward()).isEqualTo(1.0);
		assertThat(BINARY.verify(new VerificationRequest("s", task.toTask(), List.of(ChatMessage.assistant(null, wrong),
				ChatMessage.assistant(null, right)))).reward()).isZero();
		assertThat(BINARY.verify(new VerificationRequest("s", task.toTask(), List.of(ChatMessage.assistant("42", List.of()))))
			.detail()).isEqualTo("no function call");
	}

	@Test
	void theBatchVerifierWritesOneVerdictPerLineInOrderAndReportsUnreadableLines() throws Exception {
		StringBuilder input = new StringBuilder();
		List<String> ids = new ArrayList<>();
		for (BfclTask task : BINARY.all()) {
			Map<String, Object> row = new LinkedHashMap<>(questionRow(task));
			List<Map<String, Object>> response = new ArrayList<>();
			for (ChatMessage.ToolCall c : References.toolCalls(References.calls(task))) {
				response.add(Map.of("id", c.id(), "type", "function", "function",
						Map.of("name", c.name(), "arguments", c.arguments())));
			}
			row.put("response", response);
			input.append(BfclRows.JSON.writeValueAsString(row)).append('\n');
			ids.add(task.id());
		}
		input.append("not json\n");
		input.append("{\"id\": \"simple_python_0\"}\n");
		input.append("{\"id\": \"exec_python_3\", \"response\": []}\n");
		input.append("{\"id\": \"simple_python_0\", \"question\": [[{\"role\": \"user\", \"content\": \"q\"}]], "
				+ "\"function\": [{\"name\": \"f\", \"parameters\": {\"properties\": {\"x\": 5}}}], "
				+ "\"ground_truth\": [{\"f\": {\"x\": [1]}}], \"response\": [{\"name\": \"f\", \"arguments\": {\"x\": 1}}]}\n");
		BfclTask first = BINARY.find("simple_python_0").orElseThrow();
		Map<String, Object> wrong = new LinkedHashMap<>(questionRow(first));
		wrong.put("response", Map.of("role", "assistant", "tool_calls", List.of(Map.of("type", "function", "function",
				Map.of("name", "calculate_triangle_area", "arguments", Map.of("base", 10, "height", 6))))));
		input.append(BfclRows.JSON.writeValueAsString(wrong)).append('\n');

		StringWriter output = new StringWriter();
		BfclJsonlVerification.Summary summary = BfclJsonlVerification.run(new StringReader(input.toString()), output);

		List<JsonNode> lines = output.toString().lines().map(BfclRows.JSON::readTree).toList();
		assertThat(lines).hasSize(ids.size() + 5);
		for (int i = 0; i < ids.size(); i++) {
			assertThat(lines.get(i).get("id").asString()).isEqualTo(ids.get(i));
			assertThat(lines.get(i).get("verdict").asString()).as(lines.get(i).toString()).isEqualTo("correct");
		}
		assertThat(lines.subList(ids.size(), ids.size() + 4)).allSatisfy(l -> {
			assertThat(l.get("verdict").asString()).isEqualTo("invalid");
			assertThat(l.get("reason").asString()).isNotBlank();
		});
		JsonNode last = lines.getLast();
		assertThat(last.get("verdict").asString()).isEqualTo("incorrect");
		assertThat(last.get("reason").asString()).contains("wrong value for 'height'");
		assertThat(summary.correct()).isEqualTo(ids.size());
		assertThat(summary.invalid()).isEqualTo(4);
	}

	@Test
	void anUnknownScoringSettingIsRejected() {
		assertThatThrownBy(() -> new BfclProvider().create(new EnvironmentContext() {
			@Override
			public java.util.Optional<String> setting(String key) {
				return java.util.Optional.of("best");
			}

			@Override
			public javax.sql.DataSource dataSource() {
				throw new IllegalStateException();
			}
		})).hasMessageContaining("binary or f1");
	}

	private static Map<String, Object> questionRow(BfclTask task) {
		return Map.of("id", task.id(), "question", List.of(List.of(Map.of("role", "user", "content", task.question()))),
				"function", task.functions());
	}

}
