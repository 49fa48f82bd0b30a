package dev.gauntlet.environment.math;

import java.util.List;
import java.util.Objects;

import dev.gauntlet.environment.math.generator.ProblemGenerator;
import dev.gauntlet.verifier.math.VerifierSettings;

/**
 * Settings of a {@link MathEnvironment}.
 *
 * @param datasets fixed datasets, filtered at load time
 * @param generators procedural generators; empty for a finite task set
 * @param difficulty difficulty of generated problems, 1 to 5
 * @param generatedShare share of generated tasks when sampling from both datasets and generators, in [0, 1]
 * @param template how the prompt asks for the final answer
 * @param verifier settings of the math verifier
 */
public record MathSettings(List<DatasetSource> datasets, List<ProblemGenerator> generators, int difficulty,
		double generatedShare, PromptTemplate template, VerifierSettings verifier) {

	public MathSettings {
		datasets = List.copyOf(datasets);
		generators = List.copyOf(generators);
		Objects.requireNonNull(template, "template");
		Objects.requireNonNull(verifier, "verifier");
		ProblemGenerator.checkDifficulty(difficulty);
		if (!(generatedShare >= 0 && generatedShare <= 1)) {
			throw new IllegalArgumentException("generated share must be in [0, 1]: " + generatedShare);
		}
		if (datasets.isEmpty() && generators.isEmpty()) {
			throw new IllegalArgumentException("a math environment needs a dataset or a generator");
		}
	}

	/** GSM8K and MATH-500, boxed answers, no generators. */
	public static MathSettings defaults() {
		return new MathSettings(List.of(DatasetSource.gsm8k(), DatasetSource.math500()), List.of(), 3, 0.0,
				PromptTemplate.BOXED, VerifierSettings.defaults());
	}

}
