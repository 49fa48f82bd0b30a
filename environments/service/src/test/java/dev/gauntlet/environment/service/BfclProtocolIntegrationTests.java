package dev.gauntlet.environment.service;

import java.util.List;
import java.util.Map;

import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bfcl environment over the environment protocol, as an agent loop drives it: seed a session (the question and
 * the functions as OpenAI tools), call the tool at {@code /tools/{name}}, then verify the assistant's tool call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.config.name=environment-service")
@Import(InfrastructureTestConfiguration.class)
class BfclProtocolIntegrationTests {

	/** BFCL simple_python_0: the area of a triangle with base 10 and height 5. */
	private static final String TASK = "simple_python_0";

	private static final String FUNCTION = "calculate_triangle_area";

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		http = Http.localhost(port);
	}

	@Test
	void aSessionOffersTheFunctionAsAToolAndTheRightCallScoresOne() {
		JsonNode seeded = http.post("/environments/bfcl/seed_session", Map.of("session_id", "b1", "task_id", TASK))
			.json();
		assertThat(seeded.get("environment").asString()).isEqualTo("bfcl@1.0.0");
		assertThat(seeded.get("messages").get(0).get("content").asString()).contains("base of 10");
		assertThat(seeded.get("tools")).singleElement()
			.satisfies(tool -> assertThat(tool.get("function").get("name").asString()).isEqualTo(FUNCTION));

		JsonNode called = http.post("/environments/bfcl/tools/" + FUNCTION,
				Map.of("session_id", "b1", "arguments", Map.of("base", 10, "height", 5))).json();
		assertThat(called.get("error").asBoolean()).as(called.toString()).isFalse();

		JsonNode verdict = verify("b1", "{\"base\": 10, \"height\": 5}", called.get("content").asString());

		assertThat(verdict.get("status").asString()).isEqualTo("ok");
		assertThat(verdict.get("reward").asDouble()).as(verdict.toString()).isEqualTo(1.0);
		assertThat(verdict.get("reward_components").get("f1").asDouble()).isEqualTo(1.0);
	}

	@Test
	void aWrongValueScoresZeroWithTheReason() {
		http.post("/environments/bfcl/seed_session", Map.of("session_id", "b2", "task_id", TASK));

		JsonNode verdict = verify("b2", "{\"base\": 10, \"height\": 6}", "{\"status\": \"recorded\"}");

		assertThat(verdict.get("status").asString()).isEqualTo("ok");
		assertThat(verdict.get("reward").asDouble()).isZero();
		assertThat(verdict.get("detail").asString()).contains("height");
	}

	@Test
	void anUnknownFunctionIsAToolError() {
		JsonNode called = http.post("/environments/bfcl/tools/rm_rf", Map.of("session_id", "b3", "arguments", Map.of()))
			.json();

		assertThat(called.get("error").asBoolean()).isTrue();
		assertThat(called.get("content").asString()).contains("unknown function");
	}

	/** Posts the episode: the question, the assistant's tool call, the tool's answer. */
	private JsonNode verify(String sessionId, String arguments, String toolAnswer) {
		Map<String, Object> call = Map.of("id", "call_0", "type", "function", "function",
				Map.of("name", FUNCTION, "arguments", arguments));
		Http.Reply reply = http.post("/environments/bfcl/verify", Map.of("session_id", sessionId, "task_id", TASK,
				"messages", List.of(
						Map.of("role", "user", "content", "Find the area of a triangle."),
						Map.of("role", "assistant", "tool_calls", List.of(call)),
						Map.of("role", "tool", "tool_call_id", "call_0", "name", FUNCTION, "content", toolAnswer))));
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json();
	}

}
