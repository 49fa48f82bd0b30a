package dev.gauntlet.environment.math.generator;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated answers are mathematically right, checked independently of the generators' own arithmetic. */
class GeneratorAnswersUnitTests {

	@Test
	void polynomialsAreFormattedHighestDegreeFirstWithSigns() {
		assertThat(PolynomialExpansionGenerator.format(new long[] { -15, 7, 2 })).isEqualTo("2x^{2} + 7x - 15");
		assertThat(PolynomialExpansionGenerator.format(new long[] { 0, -1 })).isEqualTo("-x");
		assertThat(PolynomialExpansionGenerator.format(new long[] { 0, 0 })).isEqualTo("0");
	}

	@Test
	void aLinearSystemsSolutionSatisfiesItsEquations() {
		for (long seed = 0; seed < 30; seed++) {
			Problem p = new LinearSystemGenerator().generate(2, new Random(seed));
			String[] xy = p.answer().replaceAll("[() ]", "").split(",");
			int x = Integer.parseInt(xy[0]);
			int y = Integer.parseInt(xy[1]);
			for (String eq : p.question().split("\\$")) {
				if (!eq.contains("=")) {
					continue;
				}
				String[] sides = eq.split("=");
				assertThat(evaluateLinear(sides[0], x, y)).as(p.toString()).isEqualTo(Integer.parseInt(sides[1].trim()));
			}
		}
	}

	/** Evaluates "3x - y" style text at (x, y). */
	private static int evaluateLinear(String text, int x, int y) {
		int total = 0;
		for (String term : text.replace(" ", "").replace("-", "+-").split("\\+")) {
			if (term.isEmpty()) {
				continue;
			}
			char v = term.charAt(term.length() - 1);
			String c = term.substring(0, term.length() - 1);
			int coefficient = c.isEmpty() ? 1 : c.equals("-") ? -1 : Integer.parseInt(c);
			total += coefficient * (v == 'x' ? x : y);
		}
		return total;
	}

}
