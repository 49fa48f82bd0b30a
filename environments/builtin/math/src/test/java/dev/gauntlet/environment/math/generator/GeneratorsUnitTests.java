package dev.gauntlet.environment.math.generator;

import java.util.Random;

import dev.gauntlet.verifier.math.AnswerMode;
import dev.gauntlet.verifier.math.MathVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratorsUnitTests {

	private static final MathVerifier VERIFIER = MathVerifier.create();

	static Iterable<ProblemGenerator> generators() {
		return Generators.all();
	}

	@ParameterizedTest
	@MethodSource("generators")
	void theSameSeedGivesTheSameProblem(ProblemGenerator generator) {
		for (int d = 1; d <= 5; d++) {
			assertThat(generator.generate(d, new Random(42))).isEqualTo(generator.generate(d, new Random(42)));
		}
	}

	@ParameterizedTest
	@MethodSource("generators")
	void everyGeneratedGoldIsUsableAndAcceptedWhenBoxed(ProblemGenerator generator) {
		for (int d = 1; d <= 5; d++) {
			for (long seed = 0; seed < 40; seed++) {
				Problem p = generator.generate(d, new Random(seed));
				assertThat(VERIFIER.checkGold(p.answer(), AnswerMode.LATEX).usable()).as(p.toString()).isTrue();
				assertThat(VERIFIER.verify(p.answer(), "So \\boxed{" + p.answer() + "}").correct()).as(p.toString()).isTrue();
			}
		}
	}

	@ParameterizedTest
	@MethodSource("generators")
	void differentSeedsGiveDifferentProblems(ProblemGenerator generator) {
		long distinct = java.util.stream.LongStream.range(0, 50)
			.mapToObj(seed -> generator.generate(3, new Random(seed)).question())
			.distinct()
			.count();
		assertThat(distinct).isGreaterThan(40);
	}

	@ParameterizedTest
	@MethodSource("generators")
	void rejectsADifficultyOutsideOneToFive(ProblemGenerator generator) {
		assertThatThrownBy(() -> generator.generate(0, new Random(1))).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> generator.generate(6, new Random(1))).isInstanceOf(IllegalArgumentException.class);
	}

}
