package dev.gauntlet.environment.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import dev.gauntlet.environment.spi.EnvironmentProvider;
import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** Every environment module on the classpath is found through its provider and served over the protocol. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.config.name=environment-service")
@Import(InfrastructureTestConfiguration.class)
class BuiltInEnvironmentsIntegrationTests {

	/** What ships, written out: a module dropped from the service's dependencies must fail this test. */
	private static final List<String> SHIPPED = List.of("gsm8k", "math", "qa", "code", "digits", "bfcl", "it-desk");

	@LocalServerPort
	int port;

	@Test
	void servesEveryBuiltInEnvironment() {
		JsonNode listed = Http.localhost(port).get("/v1/environments?size=200").json();
		List<String> names = new ArrayList<>();
		listed.get("items").forEach(e -> names.add(e.get("name").asString()));
		List<String> providers = ServiceLoader.load(EnvironmentProvider.class)
			.stream()
			.map(p -> p.get().name())
			.toList();

		assertThat(providers).containsExactlyInAnyOrderElementsOf(SHIPPED);
		assertThat(names).containsAll(SHIPPED);
		Http http = Http.localhost(port);
		for (String name : SHIPPED) {
			assertThat(http.get("/environments/" + name + "/health").json().get("status").asString()).as(name)
				.isEqualTo("UP");
		}
	}

	@Test
	void theMathEnvironmentVerifiesThroughTheProtocol() {
		Http http = Http.localhost(port);
		String taskId = http.get("/v1/environments/math/tasks?count=1&seed=3").json().get("taskIds").get(0).asString();
		JsonNode seeded = http.post("/environments/math/seed_session", Map.of("session_id", "s", "task_id", taskId)).json();
		assertThat(seeded.get("messages").size()).isGreaterThan(0);
		JsonNode verdict = http.post("/environments/math/verify", Map.of("session_id", "s", "task_id", taskId,
				"messages", List.of(Map.of("role", "assistant", "content", "I am not sure.")))).json();
		assertThat(verdict.get("status").asString()).isEqualTo("ok");
		assertThat(verdict.get("reward").asDouble()).isZero();
	}

	@Test
	void aRightMathAnswerScoresOneThroughTheProtocol() {
		Http http = Http.localhost(port);
		// MATH-500's first problem: (0,3) in polar coordinates; the gold is \left( 3, \frac{\pi}{2} \right).
		http.post("/environments/math/seed_session", Map.of("session_id", "m1", "task_id", "math500-0"));
		JsonNode verdict = http.post("/environments/math/verify", Map.of("session_id", "m1", "task_id", "math500-0",
				"messages", List.of(Map.of("role", "assistant",
						"content", "<think>r = 3, the angle is a right angle.</think>So it is $\\boxed{(3, \\pi/2)}$.")))).json();

		assertThat(verdict.get("status").asString()).isEqualTo("ok");
		assertThat(verdict.get("reward").asDouble()).as(verdict.toString()).isEqualTo(1.0);
		assertThat(verdict.get("extracted_answer").asString()).isEqualTo("(3, \\pi/2)");
	}

}
