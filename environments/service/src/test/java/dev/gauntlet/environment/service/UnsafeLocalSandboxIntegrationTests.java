package dev.gauntlet.environment.service;

import java.util.List;
import java.util.Map;

import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gauntlet.environments.code.sandbox.mode=unsafe-local} in environment-service's configuration reaches the
 * code environment: the service warns at start-up, and programs run although bwrap points at nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=environment-service",
				"gauntlet.environments.code.sandbox.mode=unsafe-local",
				"gauntlet.environments.code.sandbox.bwrap=/nonexistent/bwrap",
				"gauntlet.environments.code.sandbox.workers=1" })
@Import(InfrastructureTestConfiguration.class)
class UnsafeLocalSandboxIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void theServiceWarnsAtStartAndRunsCodeWithoutBubblewrap(CapturedOutput output) {
		assertThat(output.getAll()).contains("WARN")
			.contains("WITHOUT any isolation")
			.contains("gauntlet.environments.code.sandbox.mode=unsafe-local");

		JsonNode verdict = Http.localhost(port)
			.post("/environments/code/verify", Map.of("session_id", "u1", "task_id", "HumanEval/0", "messages",
					List.of(Map.of("role", "assistant", "content", """
							```python
							def has_close_elements(numbers, threshold):
							    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])
							```"""))))
			.json();

		assertThat(verdict.get("status").asString()).as(verdict.toString()).isEqualTo("ok");
		assertThat(verdict.get("reward").asDouble()).isEqualTo(1.0);
	}

}
