package dev.gauntlet.environment.math.generator;

import java.util.Random;

/**
 * A 2×2 (from difficulty 4, 3×3) linear system with a unique integer solution, answered as an ordered
 * tuple {@code (x, y)}. Built from the solution and an invertible coefficient matrix.
 */
public final class LinearSystemGenerator implements ProblemGenerator {

	private static final String[] VARIABLES = { "x", "y", "z" };

	@Override
	public String kind() {
		return "system";
	}

	@Override
	public Problem generate(int difficulty, Random random) {
		ProblemGenerator.checkDifficulty(difficulty);
		int n = difficulty >= 4 ? 3 : 2;
		int bound = 2 + 2 * difficulty;
		int[] solution = new int[n];
		for (int i = 0; i < n; i++) {
			solution[i] = random.nextInt(-bound, bound + 1);
		}
		int[][] m;
		do {
			m = new int[n][n];
			for (int i = 0; i < n; i++) {
				for (int j = 0; j < n; j++) {
					m[i][j] = random.nextInt(-bound, bound + 1);
				}
			}
		}
		while (determinant(m) == 0);
		StringBuilder text = new StringBuilder("Solve the system ");
		for (int i = 0; i < n; i++) {
			StringBuilder row = new StringBuilder();
			int rhs = 0;
			for (int j = 0; j < n; j++) {
				rhs += m[i][j] * solution[j];
				if (m[i][j] == 0) {
					continue;
				}
				String t = LinearEquationGenerator.term(Math.abs(m[i][j]), VARIABLES[j]);
				row.append(row.isEmpty() ? (m[i][j] < 0 ? "-" + t : t) : (m[i][j] < 0 ? " - " : " + ") + t);
			}
			text.append(i == 0 ? "" : (i == n - 1 ? " and " : ", ")).append('$').append(row).append(" = ").append(rhs).append('$');
		}
		StringBuilder answer = new StringBuilder("(");
		for (int i = 0; i < n; i++) {
			answer.append(i == 0 ? "" : ", ").append(solution[i]);
		}
		answer.append(')');
		String names = n == 2 ? "(x, y)" : "(x, y, z)";
		return new Problem(text + ". Give the answer as " + names + ".", answer.toString());
	}

	static long determinant(int[][] m) {
		if (m.length == 2) {
			return (long) m[0][0] * m[1][1] - (long) m[0][1] * m[1][0];
		}
		return (long) m[0][0] * ((long) m[1][1] * m[2][2] - (long) m[1][2] * m[2][1])
				- (long) m[0][1] * ((long) m[1][0] * m[2][2] - (long) m[1][2] * m[2][0])
				+ (long) m[0][2] * ((long) m[1][0] * m[2][1] - (long) m[1][1] * m[2][0]);
	}

}
