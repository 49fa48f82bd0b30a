package dev.gauntlet.environment.digits;

import java.util.List;
import java.util.ServiceLoader;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.EnvironmentProvider;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.VerificationRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DigitsEnvironmentUnitTests {

	private final DigitsEnvironment env = new DigitsEnvironment();

	private double reward(String taskId, String answer) {
		Task task = env.tasks().find(taskId).orElseThrow();
		return env.verify(new VerificationRequest("s", task,
				List.of(ChatMessage.user(task.text("question")), ChatMessage.assistant(answer, List.of())))).reward();
	}

	@Test
	void hasEveryOneDigitSumAndDifference() {
		// sums a + b <= 9: 55 pairs; differences a - b >= 0: 55 pairs
		assertThat(env.tasks().size()).isEqualTo(110);
		assertThat(env.tasks().find("add-3-4").orElseThrow().text("answer")).isEqualTo("7");
		assertThat(env.tasks().find("sub-9-9").orElseThrow().text("answer")).isEqualTo("0");
		assertThat(env.tasks().find("add-5-5")).isEmpty();
	}

	@Test
	void rewardsExactlyTheDigit() {
		assertThat(reward("add-3-4", "7")).isEqualTo(1);
		assertThat(reward("add-3-4", " 7.\n")).isEqualTo(1);
		assertThat(reward("add-3-4", "8")).isZero();
		assertThat(reward("add-3-4", "77")).isZero();
		assertThat(reward("add-3-4", "the answer is 7")).isZero();
		assertThat(reward("add-3-4", "")).isZero();
		assertThat(reward("add-3-4", "7".repeat(10_000))).isZero();
	}

	@Test
	void thePromptIsTheBareEquation() {
		var start = env.seed("s", env.tasks().find("sub-8-2").orElseThrow());
		assertThat(start.messages()).extracting(ChatMessage::role).containsExactly("user");
		assertThat(start.messages()).extracting(ChatMessage::content).containsExactly("8-2=");
	}

	@Test
	void isFoundByServiceLoader() {
		assertThat(ServiceLoader.load(EnvironmentProvider.class).stream().map(p -> p.get().name()))
			.contains(DigitsEnvironment.NAME);
	}

}
