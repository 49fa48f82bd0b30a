package dev.gauntlet.environment.service;

import java.util.List;
import java.util.Map;

import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.config.name=environment-service")
@Import(InfrastructureTestConfiguration.class)
class EnvironmentProtocolIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void client() {
		http = Http.localhost(port);
	}

	private static Map<String, Object> answer(String text) {
		return Map.of("role", "assistant", "content", text);
	}

	@Test
	void seedsASessionWithTheTaskPrompt() {
		JsonNode seeded = http.post("/environments/gsm8k/seed_session", Map.of("session_id", "s1", "task_id", "gsm8k-0"))
			.json();
		assertThat(seeded.get("session_id").asString()).isEqualTo("s1");
		assertThat(seeded.get("environment").asString()).isEqualTo("gsm8k@1.0.0");
		assertThat(seeded.get("messages").get(1).get("content").asString()).contains("Janet");
	}

	@Test
	void verifiesRightAndWrongAnswers() {
		JsonNode right = http.post("/environments/gsm8k/verify",
				Map.of("session_id", "s", "task_id", "gsm8k-0", "messages", List.of(answer("so\n#### 18")))).json();
		assertThat(right.get("status").asString()).isEqualTo("ok");
		assertThat(right.get("reward").asDouble()).isEqualTo(1.0);
		assertThat(right.get("extracted_answer").asString()).isEqualTo("18");

		JsonNode wrong = http.post("/environments/gsm8k/verify",
				Map.of("session_id", "s", "task_id", "gsm8k-0", "messages", List.of(answer("#### 17")))).json();
		assertThat(wrong.get("reward").asDouble()).isZero();
	}

	@Test
	void aggregatesPassAtK() {
		JsonNode metrics = http.post("/environments/gsm8k/aggregate_metrics", Map.of("verify_responses",
				List.of(Map.of("task_id", "a", "reward", 1.0), Map.of("task_id", "a", "reward", 0.0))))
			.json()
			.get("metrics");
		assertThat(metrics.get("pass@k").asDouble()).isEqualTo(1.0);
		assertThat(metrics.get("pass@1").asDouble()).isEqualTo(0.5);
	}

	@Test
	void answersToolCallsOfAToolessEnvironmentWithAToolError() {
		JsonNode reply = http.post("/environments/gsm8k/tools/rm_rf", Map.of("session_id", "s", "arguments", Map.of()))
			.json();
		assertThat(reply.get("error").asBoolean()).isTrue();
		assertThat(reply.get("content").asString()).contains("unknown tool");
	}

	@Test
	void reportsHealthAndRegistersBuiltIns() {
		assertThat(http.get("/environments/gsm8k/health").json().get("status").asString()).isEqualTo("UP");
		assertThat(jdbc.sql("SELECT task_count FROM environment_version WHERE name = 'gsm8k' AND version = '1.0.0'")
			.query(Long.class)
			.single()).isEqualTo(1319L);
		assertThat(http.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
		assertThat(http.get("/v3/api-docs").body()).contains("/environments/{name}/verify");
	}

	@Test
	void selectsTasksReproducibly() {
		JsonNode first = http.get("/v1/environments/gsm8k/tasks?count=5&seed=7").json();
		assertThat(first.get("taskIds")).hasSize(5);
		assertThat(http.get("/v1/environments/gsm8k/tasks?count=5&seed=7").json()).isEqualTo(first);
	}

	@Test
	void refusesBadRequestsWithProblemsNamingTheField() {
		Http.Reply unknownEnv = http.post("/environments/nope/verify",
				Map.of("session_id", "s", "task_id", "t", "messages", List.of()));
		assertThat(unknownEnv.status()).isEqualTo(404);
		assertThat(unknownEnv.contentType()).contains("application/problem+json");

		Http.Reply unknownTask = http.post("/environments/gsm8k/verify",
				Map.of("session_id", "s", "task_id", "nope", "messages", List.of()));
		assertThat(unknownTask.status()).isEqualTo(400);
		assertThat(unknownTask.json().get("errors").get(0).get("field").asString()).isEqualTo("task_id");

		Http.Reply missing = http.post("/environments/gsm8k/verify", Map.of("task_id", "gsm8k-0", "messages", List.of()));
		assertThat(missing.status()).as(missing.body()).isEqualTo(400);
		assertThat(missing.json().has("errors")).as(missing.body()).isTrue();
		assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("sessionId");

		Http.Reply malformed = http.post("/environments/gsm8k/verify", "{\"session_id\": ");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.contentType()).contains("application/problem+json");

		Http.Reply badRole = http.post("/environments/gsm8k/verify", Map.of("session_id", "s", "task_id", "gsm8k-0",
				"messages", List.of(Map.of("role", "root", "content", "x"))));
		assertThat(badRole.status()).isEqualTo(400);
		assertThat(badRole.json().get("errors").get(0).get("field").asString()).isEqualTo("messages");

		Http.Reply huge = http.post("/environments/gsm8k/verify", "{\"session_id\":\"" + "x".repeat(2_000_000) + "\"}");
		assertThat(huge.status()).isEqualTo(413);

		Http.Reply tooMany = http.get("/v1/environments/gsm8k/tasks?count=5000");
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("count");
	}

}
