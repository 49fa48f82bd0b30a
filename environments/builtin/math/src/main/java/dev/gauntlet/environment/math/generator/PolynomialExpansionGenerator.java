package dev.gauntlet.environment.math.generator;

import java.util.Random;

/**
 * Expand a product of linear factors: {@code (2x - 3)(x + 5)}. Difficulty adds factors. Any equivalent form of
 * the expansion is accepted, because the verifier compares polynomials, not strings.
 */
public final class PolynomialExpansionGenerator implements ProblemGenerator {

	@Override
	public String kind() {
		return "polynomial";
	}

	@Override
	public Problem generate(int difficulty, Random random) {
		ProblemGenerator.checkDifficulty(difficulty);
		int factors = 1 + (difficulty + 1) / 2;
		long[] poly = { 1 };
		StringBuilder text = new StringBuilder();
		for (int f = 0; f < factors; f++) {
			int a = difficulty >= 3 ? ProblemGenerator.nonZero(random, 3) : 1;
			int b = ProblemGenerator.nonZero(random, 3 + 2 * difficulty);
			text.append('(').append(LinearEquationGenerator.term(a, "x")).append(LinearEquationGenerator.constant(b)).append(')');
			long[] next = new long[poly.length + 1];
			for (int i = 0; i < poly.length; i++) {
				next[i] += poly[i] * b;
				next[i + 1] += poly[i] * a;
			}
			poly = next;
		}
		return new Problem("Expand $" + text + "$.", format(poly));
	}

	/** Coefficients, lowest degree first, as {@code 2x^2 + 7x - 15}. */
	static String format(long[] poly) {
		StringBuilder out = new StringBuilder();
		for (int k = poly.length - 1; k >= 0; k--) {
			long c = poly[k];
			if (c == 0) {
				continue;
			}
			String sign = c < 0 ? "-" : "+";
			long abs = Math.abs(c);
			String body = k == 0 ? String.valueOf(abs)
					: (abs == 1 ? "" : String.valueOf(abs)) + (k == 1 ? "x" : "x^{" + k + "}");
			out.append(out.isEmpty() ? (c < 0 ? "-" : "") : " " + sign + " ").append(body);
		}
		return out.isEmpty() ? "0" : out.toString();
	}

}
