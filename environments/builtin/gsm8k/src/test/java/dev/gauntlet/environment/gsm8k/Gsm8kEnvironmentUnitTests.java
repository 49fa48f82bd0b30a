package dev.gauntlet.environment.gsm8k;

import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Gsm8kEnvironmentUnitTests {

	private final Gsm8kEnvironment env = new Gsm8kEnvironment();

	private Verification verify(String gold, String answer) {
		Task task = new Task("t", Map.of("question", "q", "answer", gold));
		return env.verify(new VerificationRequest("s", task,
				List.of(ChatMessage.user("q"), ChatMessage.assistant(answer, List.of()))));
	}

	@Test
	void loadsEveryRowOfTheTestSplit() {
		assertThat(env.tasks().size()).isEqualTo(1319);
		assertThat(env.tasks().find("gsm8k-0")).get()
			.satisfies(t -> assertThat(t.text("answer")).isEqualTo("18"));
	}

	@Test
	void everyGoldAnswerVerifiesAgainstItself() {
		for (Task task : env.tasks().sample(1319, 1)) {
			assertThat(verify(task.text("answer"), "work...\n#### " + task.text("answer")).reward())
				.as(task.id())
				.isEqualTo(1.0);
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "18|#### 18|1", "18|#### 18.00|1", "18|#### $18|1", "1234|#### 1,234|1",
			"-5|#### -5|1", "18|#### 19|0", "18|The answer is 18|0",
			"18|<think>#### 18</think> #### 17|0", "18|<think>#### 18|0", "0.5|#### .5|0", "0.5|#### 0.50|1" })
	void comparesTheFinalNumberExactly(String gold, String answer, double reward) {
		assertThat(verify(gold, answer).reward()).isEqualTo(reward);
	}

	@Test
	void theLastMarkerWins() {
		assertThat(verify("18", "#### 18\n#### 17").reward()).isZero();
		assertThat(verify("17", "#### 18\n#### 17").reward()).isEqualTo(1.0);
	}

	@Test
	void anAnswerWithoutANumberIsWrongNotAnError() {
		Verification v = verify("18", "I don't know");
		assertThat(v.status()).isEqualTo(Verification.Status.OK);
		assertThat(v.reward()).isZero();
		assertThat(v.detail()).contains("no number");
	}

	@Test
	void hostileAnswersGetAVerdict() {
		String huge = "#### " + "9".repeat(100_000);
		assertThat(verify("18", huge).reward()).isZero();
		assertThat(verify("18", "#### ".repeat(50_000)).reward()).isZero();
	}

	@Test
	void promptAsksForTheMarker() {
		Task task = env.tasks().find("gsm8k-1").orElseThrow();
		assertThat(env.seed("s", task).messages()).first().extracting(ChatMessage::content).asString().contains("####");
	}

	@Test
	void refusesARowWithoutAGoldNumber() {
		assertThatThrownBy(() -> Gsm8kEnvironment.toTask(0, Map.of("question", "q", "answer", "no marker")))
			.hasMessageContaining("####");
	}

}
