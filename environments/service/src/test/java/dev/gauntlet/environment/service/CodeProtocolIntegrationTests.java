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
 * The code environment over the environment protocol, sandboxed as in production: a right HumanEval answer scores
 * 1, a wrong one 0, and hacks that try to pass without solving (exit before the tests, a fork bomb) never score 1
 * and leave the service able to score the next answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.config.name=environment-service")
@Import(InfrastructureTestConfiguration.class)
class CodeProtocolIntegrationTests {

	private static final String TASK = "HumanEval/0";

	private static final String RIGHT = """
			```python
			def has_close_elements(numbers, threshold):
			    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])
			```""";

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		http = Http.localhost(port);
	}

	private JsonNode verify(String sessionId, String response) {
		Http.Reply reply = http.post("/environments/code/verify", Map.of("session_id", sessionId, "task_id", TASK,
				"messages", List.of(Map.of("role", "assistant", "content", response))));
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json();
	}

	@Test
	void aSeededSessionShowsTheTaskAndARightAnswerScoresOne() {
		JsonNode seeded = http.post("/environments/code/seed_session", Map.of("session_id", "c1", "task_id", TASK))
			.json();
		assertThat(seeded.get("messages").get(1).get("content").asString()).contains("def has_close_elements");

		JsonNode right = verify("c1", RIGHT);

		assertThat(right.get("status").asString()).as(right.toString()).isEqualTo("ok");
		assertThat(right.get("reward").asDouble()).isEqualTo(1.0);
		assertThat(right.get("detail").asString()).startsWith("passed");
	}

	@Test
	void aWrongAnswerScoresZero() {
		JsonNode wrong = verify("c2", "```python\ndef has_close_elements(numbers, threshold):\n    return False\n```");

		assertThat(wrong.get("status").asString()).isEqualTo("ok");
		assertThat(wrong.get("reward").asDouble()).isZero();
		assertThat(wrong.get("detail").asString()).startsWith("failed");
	}

	@Test
	void exitingBeforeTheTestsScoresZero() {
		for (String exit : List.of("import sys\nsys.exit(0)", "import os\nos._exit(0)")) {
			JsonNode hack = verify("c3", "```python\n" + exit + "\ndef has_close_elements(numbers, threshold):\n"
					+ "    return True\n```");

			assertThat(hack.get("status").asString()).as(exit).isEqualTo("ok");
			assertThat(hack.get("reward").asDouble()).as(exit).isZero();
		}
	}

	@Test
	void aForkBombNeverScoresOneAndTheNextAnswerIsStillScored() {
		JsonNode bomb = verify("c4", """
				```python
				import os
				def has_close_elements(numbers, threshold):
				    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])
				while True:
				    try:
				        os.fork()
				    except OSError:
				        pass
				```""");

		// The module never finishes loading, so no test runs: the sandbox's 15 s deadline ends it, a verdict of 0
		// (the service's verify limit is above that deadline, so this is not an error).
		assertThat(bomb.get("status").asString()).as(bomb.toString()).isEqualTo("ok");
		assertThat(bomb.get("reward").asDouble()).isZero();
		assertThat(bomb.get("detail").asString()).startsWith("timeout");
		assertThat(verify("c5", RIGHT).get("reward").asDouble()).isEqualTo(1.0);
	}

}
