package dev.gauntlet.environment.service.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.testing.PythonRemote;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rollout-service and reward-service call the environment protocol with {@code name@version} (the version a job was
 * submitted against), so a newer version registered, or going active, mid-job must change nothing for them. Two
 * versions of one name on two remotes (the Python example), with different example tasks: a pinned call gets the
 * pinned version's tasks and endpoint, a bare name the newest active version's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=environment-service",
				"gauntlet.environments.remote.allowed-networks=127.0.0.0/8",
				"gauntlet.environments.remote.retries=0",
				"gauntlet.environments.api.bootstrap-admin-token=" + VersionPinningIntegrationTests.ADMIN })
@Import(InfrastructureTestConfiguration.class)
class VersionPinningIntegrationTests {

	static final String ADMIN = "pinning-admin-token-0123456789";

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	JsonNode post(String path, Object body, int expectedStatus) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + ADMIN)
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	JsonNode seed(String environment) {
		return post("/environments/" + environment + "/seed_session", Map.of("session_id", "s-" + environment,
				"task_id", "example-1"), 200);
	}

	JsonNode verify(String environment, String answer) {
		return post("/environments/" + environment + "/verify", Map.of("session_id", "s-" + environment, "task_id",
				"example-1", "messages", List.of(Map.of("role", "assistant", "content", answer))), 200);
	}

	@Test
	void aCallPinnedToNameAtVersionKeepsItsVersionAfterANewerOneIsRegistered() {
		try (PythonRemote first = PythonRemote.start(); PythonRemote second = PythonRemote.start()) {
			post("/v1/environments", RegistryIntegrationTests.registration("pinned", "1.0.0", first.url()), 201);
			Map<String, Object> newer = RegistryIntegrationTests.registration("pinned", "2.0.0", second.url());
			newer.put("examples", List.of(Map.of("task", Map.of("question", "What is 6 * 7?", "answer", "42"),
					"goldAnswer", "Answer: 42")));
			post("/v1/environments", newer, 201);

			JsonNode current = seed("pinned");
			assertThat(current.get("environment").asString()).as("a bare name follows the newest")
				.isEqualTo("pinned@2.0.0");
			assertThat(current.get("messages").get(1).get("content").asString()).contains("6 * 7");

			JsonNode pinned = seed("pinned@1.0.0");
			assertThat(pinned.get("environment").asString()).isEqualTo("pinned@1.0.0");
			assertThat(pinned.get("messages").get(1).get("content").asString()).as("1.0.0's own task")
				.contains("17 * 23");
			assertThat(verify("pinned@1.0.0", "Answer: 391").get("reward").asDouble()).isEqualTo(1.0);
			assertThat(verify("pinned@2.0.0", "Answer: 391").get("reward").asDouble())
				.as("2.0.0 asks another question")
				.isZero();

			// Only 2.0.0's remote goes away: the pinned calls never needed it, the bare name did.
			second.close();
			assertThat(verify("pinned@1.0.0", "Answer: 391").get("status").asString()).isEqualTo("ok");
			JsonNode tool = post("/environments/pinned@1.0.0/tools/calculator",
					Map.of("session_id", "s-pinned@1.0.0", "arguments", Map.of("expression", "17*23")), 200);
			assertThat(tool.get("content").asString()).isEqualTo("391");
			JsonNode unpinned = verify("pinned", "Answer: 42");
			assertThat(unpinned.get("status").asString()).isEqualTo("error");
			assertThat(unpinned.get("detail").asString()).contains("cannot connect").contains(second.url());
		}
	}

}
