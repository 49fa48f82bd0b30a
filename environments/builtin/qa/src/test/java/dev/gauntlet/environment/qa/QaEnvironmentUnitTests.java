package dev.gauntlet.environment.qa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import dev.gauntlet.verifier.math.VerifierSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class QaEnvironmentUnitTests {

	private static final QaEnvironment ENV = new QaEnvironment();

	private static Verification answer(QaEnvironment env, Task task, String text) {
		return env.verify(new VerificationRequest("s", task,
				List.of(ChatMessage.user("q"), ChatMessage.assistant(text, List.of()))));
	}

	private static Task task(String id) {
		return ENV.tasks().find(id).orElseThrow();
	}

	/** The letter now labelling the option with this text. */
	private static String letterOf(Task task, String optionText) {
		List<?> options = (List<?>) task.fields().get("options");
		return String.valueOf((char) ('A' + options.indexOf(optionText)));
	}

	@Test
	void loadsTheExampleQuestionsOfBothFormats() {
		assertThat(ENV.tasks().size()).isEqualTo(8);
		assertThat(ENV.dropped()).isEmpty();
		assertThat(task("qa-example-0").fields().get("format")).isEqualTo("MULTIPLE_CHOICE");
		assertThat(task("qa-example-5").fields().get("format")).isEqualTo("OPEN_ENDED");
	}

	@Test
	void theGoldLetterFollowsItsOptionThroughTheShuffle() {
		assertThat(task("qa-example-0").text("answer")).isEqualTo(letterOf(task("qa-example-0"), "Jupiter"));
		assertThat(task("qa-example-2").text("answer")).isEqualTo(letterOf(task("qa-example-2"), "Nitrogen"));
		assertThat(task("qa-example-3").text("answer")).isEqualTo(letterOf(task("qa-example-3"), "12"));
		assertThat(task("qa-example-4").text("answer")).isEqualTo(letterOf(task("qa-example-4"), "Queue"));
	}

	@Test
	void shufflesReproduciblyPerTaskAndDifferentlyAcrossSeeds() {
		QaEnvironment again = new QaEnvironment();
		QaEnvironment otherSeed = new QaEnvironment(new QaSettings(List.of(QaDatasetSource.example()), true, 99,
				VerifierSettings.defaults()));
		QaEnvironment unshuffled = new QaEnvironment(new QaSettings(List.of(QaDatasetSource.example()), false, 0,
				VerifierSettings.defaults()));
		for (int i = 0; i < 5; i++) {
			String id = "qa-example-" + i;
			assertThat(again.tasks().find(id)).contains(task(id));
		}
		long changed = java.util.stream.IntStream.range(0, 5)
			.filter(i -> !otherSeed.tasks().find("qa-example-" + i).equals(ENV.tasks().find("qa-example-" + i)))
			.count();
		assertThat(changed).isPositive();
		assertThat(unshuffled.tasks().find("qa-example-0").orElseThrow().fields().get("options"))
			.isEqualTo(List.of("Saturn", "Jupiter", "Neptune", "Earth"));
	}

	@Test
	void thePromptListsLabelledOptionsAndAsksForABoxedLetter() {
		Task t = task("qa-example-0");
		List<ChatMessage> messages = ENV.seed("s", t).messages();
		assertThat(messages.getFirst().content()).contains("\\boxed{C}");
		assertThat(messages.getLast().content()).contains("(A) ", "(B) ", "(C) ", "(D) ", "Jupiter");
	}

	@ParameterizedTest
	@ValueSource(strings = { "So the answer is (%s).", "%s) is right.", "The answer is %s", "\\boxed{%s}",
			"$\\boxed{\\text{(%s)}}$", "%s" })
	void acceptsTheRightLetterInEveryCommonForm(String form) {
		Task t = task("qa-example-0");
		Verification v = answer(ENV, t, "Jupiter is the heaviest. " + form.formatted(t.text("answer")));
		assertThat(v.reward()).isEqualTo(1.0);
		assertThat(v.extractedAnswer()).isEqualTo(t.text("answer"));
	}

	@Test
	void readsAnAnswerThatStatesTheContentOfExactlyOneOption() {
		Task cube = task("qa-example-3");
		Verification right = answer(ENV, cube, "A cube has \\boxed{12} edges.");
		assertThat(right.reward()).isEqualTo(1.0);
		assertThat(right.extractedAnswer()).isEqualTo(cube.text("answer"));
		assertThat(answer(ENV, cube, "A cube has \\boxed{8} edges.").reward()).isZero();
		assertThat(answer(ENV, task("qa-example-0"), "\\boxed{\\text{Jupiter}}").reward()).isEqualTo(1.0);
	}

	@Test
	void rejectsAWrongLetterAndReportsAMissingOne() {
		Task t = task("qa-example-0");
		String wrong = t.text("answer").equals("A") ? "B" : "A";
		assertThat(answer(ENV, t, "\\boxed{" + wrong + "}").reward()).isZero();
		Verification none = answer(ENV, t, "I would rather not say.");
		assertThat(none.status()).isEqualTo(Verification.Status.OK);
		assertThat(none.reward()).isZero();
		assertThat(none.detail()).contains("no option letter");
	}

	@Test
	void gradesOpenAnswersByEquivalence() {
		assertThat(answer(ENV, task("qa-example-5"), "The sum is \\boxed{720^\\circ}.").reward()).isEqualTo(1.0);
		assertThat(answer(ENV, task("qa-example-6"), "\\boxed{1 + x}").reward()).isEqualTo(1.0);
		assertThat(answer(ENV, task("qa-example-6"), "\\boxed{x - 1}").reward()).isZero();
		assertThat(answer(ENV, task("qa-example-7"), "\\boxed{\\text{Au}}").reward()).isEqualTo(1.0);
		assertThat(answer(ENV, task("qa-example-7"), "\\boxed{\\text{Ag}}").reward()).isZero();
	}

	@Test
	void dropsRowsItCannotUseAndReportsThem(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("q.jsonl");
		Files.writeString(file, String.join("\n",
				"{\"q\": \"Pick one\", \"opts\": [\"x\", \"y\"], \"a\": \"B\"}",
				"{\"q\": \"Pick one\", \"opts\": [\"x\", \"y\"], \"a\": \"E\"}",
				"{\"q\": \"Pick one\", \"opts\": [\"only\"], \"a\": \"A\"}",
				"]not json[",
				"{\"opts\": [\"x\", \"y\"], \"a\": \"A\"}"));
		QaEnvironment env = new QaEnvironment(new QaSettings(List.of(QaDatasetSource.jsonl("mine", file, "q", "opts", "a")),
				true, 1, VerifierSettings.defaults()));
		assertThat(env.tasks().size()).isEqualTo(1);
		assertThat(env.dropped()).containsOnlyKeys("mine-1", "mine-2", "mine-3", "mine-4");
		assertThat(env.dropped().get("mine-1")).contains("names no option");
	}

}
