package dev.gauntlet.environment.math.generator;

import java.util.Random;

/**
 * One linear equation in x with an integer (or, from difficulty 4, fractional) solution:
 * {@code 3x - 7 = x + 5}. Built backwards from the solution, so it always has exactly one.
 */
public final class LinearEquationGenerator implements ProblemGenerator {

	@Override
	public String kind() {
		return "linear";
	}

	@Override
	public Problem generate(int difficulty, Random random) {
		ProblemGenerator.checkDifficulty(difficulty);
		int bound = 5 * difficulty;
		int a;
		int c;
		do {
			a = ProblemGenerator.nonZero(random, bound);
			c = difficulty >= 2 ? random.nextInt(-bound, bound + 1) : 0;
		}
		while (a == c);
		// (a - c)·x = d - b with x = p/q chosen first.
		int q = difficulty >= 4 ? random.nextInt(1, 4) : 1;
		int p = random.nextInt(-bound, bound + 1);
		int b = random.nextInt(-bound * 2, bound * 2 + 1);
		// d = b + (a - c)·p/q must be an integer, so scale the equation by q.
		int aa = a * q;
		int cc = c * q;
		int bb = b * q;
		int dd = bb + (a - c) * p;
		String left = term(aa, "x") + constant(bb);
		String right = cc == 0 ? String.valueOf(dd) : term(cc, "x") + constant(dd);
		int g = gcd(Math.abs(p), q);
		String answer = q / g == 1 ? String.valueOf(p / g) : (p < 0 ? "-" : "") + "\\frac{" + Math.abs(p) / g + "}{" + q / g + "}";
		return new Problem("Solve for $x$: $" + left + " = " + right + "$.", answer);
	}

	static String term(int coefficient, String variable) {
		return switch (coefficient) {
			case 1 -> variable;
			case -1 -> "-" + variable;
			default -> coefficient + variable;
		};
	}

	static String constant(int c) {
		return c == 0 ? "" : (c > 0 ? " + " + c : " - " + (-c));
	}

	static int gcd(int a, int b) {
		return b == 0 ? Math.max(a, 1) : gcd(b, a % b);
	}

}
