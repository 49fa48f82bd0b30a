package dev.gauntlet.environment.math.generator;

import java.math.BigInteger;
import java.util.Random;

/**
 * Fraction arithmetic, answer in lowest terms: {@code \frac{3}{4} + \frac{5}{6}}. Difficulty adds terms and
 * brings in products and quotients.
 */
public final class FractionGenerator implements ProblemGenerator {

	@Override
	public String kind() {
		return "fractions";
	}

	@Override
	public Problem generate(int difficulty, Random random) {
		ProblemGenerator.checkDifficulty(difficulty);
		int terms = 1 + (difficulty + 1) / 2;
		int denominatorBound = 4 + 3 * difficulty;
		BigInteger num = BigInteger.valueOf(random.nextInt(1, denominatorBound));
		BigInteger den = BigInteger.valueOf(random.nextInt(2, denominatorBound + 1));
		StringBuilder text = new StringBuilder(frac(num, den));
		for (int i = 0; i < terms; i++) {
			BigInteger n = BigInteger.valueOf(random.nextInt(1, denominatorBound));
			BigInteger d = BigInteger.valueOf(random.nextInt(2, denominatorBound + 1));
			int op = difficulty >= 3 ? random.nextInt(4) : random.nextInt(2);
			switch (op) {
				case 0 -> {
					num = num.multiply(d).add(n.multiply(den));
					den = den.multiply(d);
					text.append(" + ");
				}
				case 1 -> {
					num = num.multiply(d).subtract(n.multiply(den));
					den = den.multiply(d);
					text.append(" - ");
				}
				case 2 -> {
					num = num.multiply(n);
					den = den.multiply(d);
					text.append(" \\times ");
				}
				default -> {
					num = num.multiply(d);
					den = den.multiply(n);
					text.append(" \\div ");
				}
			}
			text.append(frac(n, d));
		}
		BigInteger g = num.gcd(den);
		num = num.divide(g);
		den = den.divide(g);
		if (den.signum() < 0) {
			num = num.negate();
			den = den.negate();
		}
		String answer = den.equals(BigInteger.ONE) ? num.toString()
				: (num.signum() < 0 ? "-" : "") + frac(num.abs(), den);
		return new Problem("Compute $" + text + "$ and give the answer as a fraction in lowest terms.", answer);
	}

	private static String frac(BigInteger n, BigInteger d) {
		return "\\frac{" + n + "}{" + d + "}";
	}

}
