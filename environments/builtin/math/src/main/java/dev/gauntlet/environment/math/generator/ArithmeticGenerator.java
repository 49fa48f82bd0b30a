package dev.gauntlet.environment.math.generator;

import java.math.BigInteger;
import java.util.Random;

/**
 * Integer arithmetic with precedence: {@code 37 + 12 \times 5 - 8}. Difficulty adds operands and digits.
 */
public final class ArithmeticGenerator implements ProblemGenerator {

	@Override
	public String kind() {
		return "arithmetic";
	}

	@Override
	public Problem generate(int difficulty, Random random) {
		ProblemGenerator.checkDifficulty(difficulty);
		int operands = 2 + difficulty;
		int bound = (int) Math.pow(10, 1 + (difficulty + 1) / 2);
		StringBuilder text = new StringBuilder();
		// Evaluate with precedence: sum of products.
		BigInteger sum = BigInteger.ZERO;
		BigInteger product = BigInteger.valueOf(random.nextInt(1, bound));
		text.append(product);
		int sign = 1;
		for (int i = 1; i < operands; i++) {
			int op = random.nextInt(3);
			BigInteger next = BigInteger.valueOf(random.nextInt(1, op == 2 ? Math.min(bound, 100) : bound));
			if (op == 2) {
				product = product.multiply(next);
				text.append(" \\times ").append(next);
			}
			else {
				sum = sign > 0 ? sum.add(product) : sum.subtract(product);
				sign = op == 0 ? 1 : -1;
				product = next;
				text.append(op == 0 ? " + " : " - ").append(next);
			}
		}
		sum = sign > 0 ? sum.add(product) : sum.subtract(product);
		return new Problem("Compute $" + text + "$.", sum.toString());
	}

}
