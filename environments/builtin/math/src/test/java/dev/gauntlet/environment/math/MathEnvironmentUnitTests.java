package dev.gauntlet.environment.math;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.math.generator.Generators;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import dev.gauntlet.verifier.math.VerifierSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MathEnvironmentUnitTests {

	private static final MathEnvironment DEFAULT = new MathEnvironment();

	private static Verification verify(MathEnvironment env, Task task, String answer) {
		return env.verify(new VerificationRequest("s", task,
				List.of(ChatMessage.user(task.text("question")), ChatMessage.assistant(answer, List.of()))));
	}

	@Test
	void loadsEveryGsm8kAndMath500ProblemAndDropsNone() {
		assertThat(DEFAULT.tasks().size()).isEqualTo(1319 + 500);
		assertThat(DEFAULT.filterReport().dropped()).isEmpty();
		assertThat(DEFAULT.tasks().find("gsm8k-0")).get().satisfies(t -> assertThat(t.text("answer")).isEqualTo("18"));
		assertThat(DEFAULT.tasks().find("math500-0")).get()
			.satisfies(t -> assertThat(t.text("answer")).isEqualTo("\\left( 3, \\frac{\\pi}{2} \\right)"));
	}

	@Test
	void gradesABoxedAnswerByMeaningNotBySpelling() {
		Task task = DEFAULT.tasks().find("math500-0").orElseThrow();
		Verification right = verify(DEFAULT, task, "The polar coordinates are $\\boxed{(3, \\pi/2)}$.");
		Verification wrong = verify(DEFAULT, task, "The polar coordinates are $\\boxed{(3, \\pi)}$.");
		assertThat(right.status()).isEqualTo(Verification.Status.OK);
		assertThat(right.reward()).isEqualTo(1.0);
		assertThat(right.extractedAnswer()).isEqualTo("(3, \\pi/2)");
		assertThat(wrong.reward()).isZero();
	}

	@Test
	void aMissingOrHostileAnswerIsAZeroRewardNotAnError() {
		Task task = DEFAULT.tasks().find("gsm8k-0").orElseThrow();
		Verification none = verify(DEFAULT, task, "I am not sure.");
		Verification hostile = verify(DEFAULT, task, "\\boxed{" + "{".repeat(50_000));
		assertThat(none.status()).isEqualTo(Verification.Status.OK);
		assertThat(none.reward()).isZero();
		assertThat(none.detail()).contains("no final answer");
		assertThat(hostile.status()).isEqualTo(Verification.Status.OK);
		assertThat(hostile.reward()).isZero();
	}

	@Test
	void aTaskWithoutGoldAnswerIsAnErrorNotAReward() {
		Verification v = verify(DEFAULT, new Task("x", Map.of("question", "q")), "\\boxed{1}");
		assertThat(v.status()).isEqualTo(Verification.Status.ERROR);
	}

	@Test
	void promptsAskForABoxOrForHashes() {
		Task task = DEFAULT.tasks().find("gsm8k-1").orElseThrow();
		assertThat(DEFAULT.seed("s", task).messages().getFirst().content()).contains("\\boxed{}");
		MathEnvironment hashes = new MathEnvironment(new MathSettings(List.of(DatasetSource.gsm8k()), List.of(), 3, 0,
				PromptTemplate.HASHES, VerifierSettings.defaults()));
		assertThat(hashes.seed("s", task).messages().getFirst().content()).contains("####");
		assertThat(hashes.seed("s", task).messages().getLast().content()).isEqualTo(task.text("question"));
		assertThat(verify(hashes, task, "Total 3 bolts.\n#### 3").reward()).isEqualTo(1.0);
	}

	@Test
	void mapsAnyJsonlByConfigurationAndReportsTheRowsItDrops(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("mine.jsonl");
		Files.writeString(file, String.join("\n",
				"{\"q\": \"1+1?\", \"a\": \"2\"}",
				"{\"q\": \"Sum?\", \"a\": \"1 + 2 + \\\\cdots + n\"}",
				"not json",
				"{\"q\": \"no answer\"}",
				"{\"q\": \"Half?\", \"a\": \"\\\\frac{1}{2}\"}",
				"{\"q\": \"Empty?\", \"a\": \"\"}"));
		MathEnvironment env = new MathEnvironment(new MathSettings(List.of(DatasetSource.jsonl("mine", file, "q", "a")),
				List.of(), 3, 0, PromptTemplate.BOXED, VerifierSettings.defaults()));
		assertThat(env.tasks().size()).isEqualTo(2);
		assertThat(env.filterReport().kept()).isEqualTo(2);
		assertThat(env.filterReport().dropped()).extracting(FilterReport.Dropped::taskId)
			.containsExactly("mine-1", "mine-2", "mine-3", "mine-5");
		assertThat(env.filterReport().dropped().get(1).reason()).contains("not valid JSON");
		assertThat(verify(env, env.tasks().find("mine-4").orElseThrow(), "\\boxed{0.5}").reward()).isEqualTo(1.0);
	}

	@Test
	void blendsGeneratedTasksThatCanBeRebuiltFromTheirId() {
		MathEnvironment env = new MathEnvironment(new MathSettings(List.of(DatasetSource.math500()),
				Generators.all(), 2, 0.5, PromptTemplate.BOXED, VerifierSettings.defaults()));
		assertThat(env.tasks().size()).isEqualTo(-1);
		List<Task> sample = env.tasks().sample(40, 7);
		assertThat(sample).hasSize(40).doesNotHaveDuplicates();
		List<Task> generated = sample.stream().filter(t -> t.id().startsWith("gen-")).toList();
		assertThat(generated).hasSize(20);
		for (Task task : generated) {
			assertThat(env.tasks().find(task.id())).contains(task);
			assertThat(verify(env, task, "\\boxed{" + task.text("answer") + "}").reward()).as(task.id()).isEqualTo(1.0);
		}
		assertThat(env.tasks().sample(40, 7)).isEqualTo(sample);
	}

}
