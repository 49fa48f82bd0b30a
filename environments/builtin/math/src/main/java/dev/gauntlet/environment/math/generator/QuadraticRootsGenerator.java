package dev.gauntlet.environment.math.generator;

import java.util.Random;

/**
 * All real solutions of a quadratic with integer roots, answered as an unordered list {@code 2, 3}; a double
 * root is a single value. From difficulty 3 the leading coefficient is not 1.
 */
public final class QuadraticRootsGenerator implements ProblemGenerator {

	@Override
	public String kind() {
		return "quadratic";
	}

	@Override
	public Problem generate(int difficulty, Random random) {
		ProblemGenerator.checkDifficulty(difficulty);
		int bound = 3 + 3 * difficulty;
		int r1 = random.nextInt(-bound, bound + 1);
		int r2 = random.nextInt(-bound, bound + 1);
		int a = difficulty >= 3 ? ProblemGenerator.nonZero(random, 4) : 1;
		long[] poly = { (long) a * r1 * r2, (long) -a * (r1 + r2), a };
		String equation = PolynomialExpansionGenerator.format(poly) + " = 0";
		String answer = r1 == r2 ? String.valueOf(r1) : Math.min(r1, r2) + ", " + Math.max(r1, r2);
		return new Problem("Find all real solutions of $" + equation + "$. List them separated by commas.", answer);
	}

}
