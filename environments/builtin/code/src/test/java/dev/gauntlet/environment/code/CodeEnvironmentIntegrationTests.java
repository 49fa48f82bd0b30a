package dev.gauntlet.environment.code;

import java.util.List;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import dev.gauntlet.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class CodeEnvironmentIntegrationTests {

	static CodeEnvironment env;

	@BeforeAll
	static void start() {
		env = new CodeEnvironment(CodeSettings.defaults(), SandboxSettings.defaults().withWorkers(2));
	}

	@AfterAll
	static void stop() {
		env.close();
	}

	static Verification verify(CodeEnvironment environment, Task task, String answer) {
		return environment.verify(new VerificationRequest("s", task,
				List.of(ChatMessage.user("q"), ChatMessage.assistant(answer, List.of()))));
	}

	@Test
	void offersEveryShippedTask() {
		assertThat(env.tasks().size()).isEqualTo(164 + 158 + 20 + 20 + 3);
		assertThat(env.tasks().find("HumanEval/0")).isPresent();
		assertThat(env.tasks().find("mbpp/11")).isPresent();
		assertThat(env.descriptor().name()).isEqualTo("code");
	}

	@Test
	void seedsTheProblemStatement() {
		Task task = env.tasks().find("HumanEval/0").orElseThrow();
		var start = env.seed("s1", task);
		assertThat(start.messages()).hasSize(2);
		assertThat(start.messages().get(1).content()).contains("def has_close_elements");
	}

	@Test
	void rewardsAPassingAnswerAndNotAWrongOne() {
		JsonNode row = CodeDatasets.rows(CodeDatasets.HUMANEVAL_PYTHON).get(0);
		Task task = env.tasks().find("HumanEval/0").orElseThrow();

		Verification right = verify(env, task, row.path("gpt_solution").asString());
		Verification wrong = verify(env, task, "<think>easy</think>\n```python\ndef has_close_elements(n, t):\n"
				+ "    return False\n```");
		Verification none = verify(env, task, "I don't know.");

		assertThat(right.status()).isEqualTo(Verification.Status.OK);
		assertThat(right.reward()).isEqualTo(1.0);
		assertThat(right.extractedAnswer()).contains("def has_close_elements");
		assertThat(wrong.reward()).isZero();
		assertThat(wrong.detail()).startsWith("failed");
		assertThat(none.status()).isEqualTo(Verification.Status.OK);
		assertThat(none.reward()).isZero();
		assertThat(none.detail()).startsWith("no_code");
	}

	@Test
	void withoutBubblewrapVerificationIsAnErrorAndNothingRuns() {
		try (CodeEnvironment noSandbox = new CodeEnvironment(CodeSettings.defaults(),
				SandboxSettings.defaults().withWorkers(1).withBwrap("/nonexistent/bwrap"))) {
			Task task = noSandbox.tasks().find("mbpp/11").orElseThrow();
			Verification v = verify(noSandbox, task, "```python\nimport os\nos.system('touch /tmp/ran-bare')\n```");

			assertThat(v.status()).isEqualTo(Verification.Status.ERROR);
			assertThat(v.detail()).contains("bubblewrap").contains("unsafe-local");
			assertThat(java.nio.file.Path.of("/tmp/ran-bare")).doesNotExist();
		}
	}

}
