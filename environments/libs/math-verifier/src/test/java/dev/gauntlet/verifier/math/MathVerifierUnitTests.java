package dev.gauntlet.verifier.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour of the public API beyond the shared verifier-cases file. */
class MathVerifierUnitTests {

	private final MathVerifier verifier = MathVerifier.create();

	private boolean same(String gold, String response) {
		return verifier.verify(gold, response).correct();
	}

	@Nested
	class Extraction {

		@Test
		void gradesTheLastBoxNotAnEarlierOne() {
			assertThat(same("7", "First guess \\boxed{5}. Checking again, the answer is really \\boxed{7}.")).isTrue();
			assertThat(same("5", "First guess \\boxed{5}. Checking again, the answer is really \\boxed{7}.")).isFalse();
		}

		@Test
		void mergesBoxesSeparatedOnlyByACommaOrAnd() {
			assertThat(same("2, 3", "\\boxed{2}, \\boxed{3}")).isTrue();
			assertThat(same("2, 3", "$x = \\boxed{2}$ and $x = \\boxed{3}$")).isTrue();
		}

		@Test
		void readsNestedBraces() {
			assertThat(same("\\frac{1}{2}", "\\boxed{\\frac{{1}}{{2}}}")).isTrue();
		}

		@Test
		void rejectsAnUnclosedBoxAsNoAnswer() {
			Verdict v = verifier.verify("12", "So the answer is \\boxed{12");
			assertThat(v.status()).isEqualTo(Verdict.Status.NO_ANSWER);
			assertThat(v.isError()).isFalse();
		}

		@Test
		void ignoresWhatIsInsideThinking() {
			assertThat(same("3", "<think>maybe \\boxed{4}</think> The answer is \\boxed{3}.")).isTrue();
			assertThat(same("4", "<think>maybe \\boxed{4}</think> The answer is \\boxed{3}.")).isFalse();
		}

		@Test
		void treatsThinkingThatNeverClosesAsNoAnswer() {
			assertThat(verifier.verify("4", "<think>the answer is \\boxed{4}").status()).isEqualTo(Verdict.Status.NO_ANSWER);
		}

		@Test
		void readsTheGsm8kHashesLine() {
			Verdict v = verifier.verify("18", "9 * 2 = 18 so she makes $18.\n#### 18");
			assertThat(v.correct()).isTrue();
			assertThat(v.extracted()).isEqualTo("18");
		}

		@Test
		void readsAnAnswerLabelAndAFinalAnswerPhrase() {
			assertThat(same("42", "Some work.\nAnswer: 42")).isTrue();
			assertThat(same("\\frac{1}{2}", "The final answer is $\\frac{1}{2}$. I hope it is correct.")).isTrue();
		}

		@Test
		void readsTheLastLabelWhenLabelsRepeatOnOneLine() {
			Verdict v = verifier.verify("12", "Final Answer: The final answer is $12$. I hope it is correct.");
			assertThat(v.correct()).isTrue();
			assertThat(v.extracted()).isEqualTo("12");
		}

		@Test
		void neverReadsProseAsAProductOfLetters() {
			assertThat(verifier.verify("t", "The result").correct()).isFalse();
		}

		@Test
		void readsTheAnswerIsSentenceUpToItsEnd() {
			Verdict v = verifier.verify("\\frac{1}{2}", "We halve it. So the answer is \\frac{1}{2}. Done, 3 steps.");
			assertThat(v.correct()).isTrue();
			assertThat(v.extracted()).isEqualTo("\\frac{1}{2}");
		}

		@Test
		void fallsBackToTheLastNumberOnlyWhenEnabled() {
			String response = "We add them up and get 17 apples in total";
			assertThat(same("17", response)).isTrue();
			MathVerifier strict = MathVerifier.create(VerifierSettings.defaults().withLastNumberFallback(false));
			assertThat(strict.verify("17", response).status()).isEqualTo(Verdict.Status.NO_ANSWER);
		}

		@Test
		void reportsAnEmptyGoldAsAnErrorNotAReward() {
			Verdict v = verifier.verify("", "\\boxed{1}");
			assertThat(v.isError()).isTrue();
			assertThat(v.status()).isEqualTo(Verdict.Status.INVALID_GOLD);
		}

		@Test
		void neverThrowsOnNullInput() {
			assertThat(verifier.verify((String) null, null).isError()).isTrue();
			assertThat(verifier.verify("1", null).status()).isEqualTo(Verdict.Status.NO_ANSWER);
		}
	}

	@Nested
	class Numbers {

		@Test
		void comparesTinyValuesExactly() {
			assertThat(same("\\frac{1}{2^{100}}", "\\boxed{\\frac{1}{2^{99}}}")).isFalse();
			assertThat(same("\\frac{1}{2^{100}}", "\\boxed{2^{-100}}")).isTrue();
		}

		@Test
		void tellsTinyIrrationalValuesApartButNotCancellationNoise() {
			assertThat(same("\\frac{\\sqrt{2}}{2^{99}}", "\\boxed{\\frac{\\sqrt{2}}{2^{98}}}")).isFalse();
			assertThat(same("\\frac{\\sqrt{2}}{2^{99}}", "\\boxed{\\frac{1}{\\sqrt{2} \\cdot 2^{98}}}")).isTrue();
			assertThat(same("0", "\\boxed{\\sin \\pi}")).isTrue();
			assertThat(same("0", "\\boxed{\\sqrt{2} + 1 - \\sqrt{2} - 1}")).isTrue();
		}

		@Test
		void comparesHugeIntegersExactly() {
			assertThat(same("2^{200}", "\\boxed{1606938044258990275541962092341162602522202993782792835301376}")).isTrue();
			assertThat(same("2^{200}", "\\boxed{1606938044258990275541962092341162602522202993782792835301377}")).isFalse();
		}

		@ParameterizedTest(name = "gold {0} vs {1}: {2}")
		@CsvSource(delimiter = '|', value = {
				"33.3 | \\frac{100}{3} | true",
				"33.3 | 33.33 | true",
				"33.3 | 33.4 | false",
				"4.0 | 4.03 | false",
				"3.14 | \\pi | true",
				"3 | \\pi | false",
				"\\frac{1}{3} | 0.333 | true",
				"\\frac{1}{3} | 0.3 | false",
				"\\frac{1}{12} | 0.08 | false",
				"\\sqrt{2} | 1.41421356 | true",
				"\\sqrt{2} | 1.41 | true",
				"\\sqrt{2} | 1.42 | false"})
		void infersPrecisionFromWrittenDecimals(String gold, String pred, boolean expected) {
			assertThat(same(gold, "\\boxed{" + pred + "}")).isEqualTo(expected);
		}

		@Test
		void readsSurdsFactorialsBinomialsAndLogs() {
			assertThat(same("2\\sqrt{3}", "\\boxed{\\sqrt{12}}")).isTrue();
			assertThat(same("120", "\\boxed{5!}")).isTrue();
			assertThat(same("10", "\\boxed{\\binom{5}{2}}")).isTrue();
			assertThat(same("3", "\\boxed{\\log_2 8}")).isTrue();
			assertThat(same("1", "\\boxed{\\ln e}")).isTrue();
			assertThat(same("\\frac{\\sqrt{3}}{2}", "\\boxed{\\sin 60^\\circ}")).isTrue();
		}

		@Test
		void readsMixedNumbersThousandsSeparatorsAndCurrency() {
			assertThat(same("137 \\frac{1}{2}", "\\boxed{137.5}")).isTrue();
			assertThat(same("58,500", "\\boxed{58500}")).isTrue();
			assertThat(same("\\$18.90", "\\boxed{18.9}")).isTrue();
			assertThat(same("1,234", "\\boxed{1234}")).isTrue();
		}

		@Test
		void readsRepeatingDecimalsExactly() {
			assertThat(same("\\frac{1}{3}", "\\boxed{0.\\overline{3}}")).isTrue();
			assertThat(same("\\frac{1}{6}", "\\boxed{0.1\\overline{6}}")).isTrue();
			assertThat(same("\\frac{279}{99999}", "\\boxed{0.\\overline{00279}}")).isTrue();
			assertThat(same("\\frac{1}{3}", "\\boxed{0.\\overline{6}}")).isFalse();
		}

		@Test
		void comparesComplexNumbers() {
			assertThat(same("-2 + 7i", "\\boxed{7i - 2}")).isTrue();
			assertThat(same("1+2i", "\\boxed{(1+i)^2 + 2}")).isFalse();
			assertThat(same("2i", "\\boxed{(1+i)^2}")).isTrue();
		}

		@Test
		void acceptsDegreesWithOrWithoutTheMarkAndInRadians() {
			assertThat(same("30^\\circ", "\\boxed{30}")).isTrue();
			assertThat(same("30^\\circ", "\\boxed{\\frac{\\pi}{6}}")).isTrue();
			assertThat(same("\\frac{\\pi}{6}", "\\boxed{30^\\circ}")).isTrue();
			assertThat(same("\\frac{\\pi}{6}", "\\boxed{30}")).isFalse();
		}

		@Test
		void readsPercentAsHundredthsOrAsAUnit() {
			assertThat(same("28\\%", "\\boxed{0.28}")).isTrue();
			assertThat(same("28\\%", "\\boxed{28}")).isTrue();
			assertThat(same("50\\%", "\\boxed{0.5\\%}")).isFalse();
		}

		@Test
		void dropsUnits() {
			assertThat(same("15\\mbox{ cm}^2", "\\boxed{15}")).isTrue();
			assertThat(same("5.4 \\text{ cents}", "\\boxed{5.4}")).isTrue();
		}

		@Test
		void comparesNumeralsInOtherBasesByTheirDigits() {
			assertThat(same("204_5", "\\boxed{204_{5}}")).isTrue();
			assertThat(same("204_5", "\\boxed{204}")).isTrue();
			assertThat(same("204_5", "\\boxed{54}")).isFalse();
		}
	}

	@Nested
	class Structures {

		@Test
		void comparesExpressionsWithVariablesAtRandomPoints() {
			assertThat(same("x^2 - 1", "\\boxed{(x-1)(x+1)}")).isTrue();
			assertThat(same("x^2 - 1", "\\boxed{(x-1)^2}")).isFalse();
			assertThat(same("\\frac{11+9a}{20}", "\\boxed{\\frac{11}{20} + \\frac{9a}{20}}")).isTrue();
		}

		@Test
		void comparesEquationsAsEquations() {
			assertThat(same("y = 2x + 3", "\\boxed{2x - y + 3 = 0}")).isTrue();
			assertThat(same("y = 2x + 3", "\\boxed{2x + 3}")).isTrue();
			assertThat(same("y = 2x + 3", "\\boxed{y = 2x - 3}")).isFalse();
		}

		@Test
		void comparesOneVariableInequalitiesByTheirSolutionSets() {
			assertThat(same("-2 < x < 2", "\\boxed{x^2 < 4}")).isTrue();
			assertThat(same("-2 < x < 2", "\\boxed{x^2 \\le 4}")).isFalse();
		}

		@Test
		void decidesTheSympyWedgingIdentityExactlyAndQuickly() {
			StringBuilder sum = new StringBuilder("1");
			for (int k = 1; k < 800; k++) {
				sum.append("+x^{").append(k).append('}');
			}
			Verdict v = verifier.verify("0", "\\boxed{\\frac{x^{800}-1}{x-1}-(" + sum + ")}");
			assertThat(v.status()).isEqualTo(Verdict.Status.CORRECT);
		}

		@Test
		void keepsTuplesOrderedAndListsUnordered() {
			assertThat(same("(1, 2)", "\\boxed{(2, 1)}")).isFalse();
			assertThat(same("3, 5, 7", "\\boxed{7, 5, 3}")).isTrue();
			assertThat(same("3, 5, 7", "\\boxed{3, 5}")).isFalse();
		}

		@Test
		void keepsIntervalEndsApart() {
			assertThat(same("(3, 4]", "\\boxed{(3, 4]}")).isTrue();
			assertThat(same("(3, 4]", "\\boxed{[3, 4]}")).isFalse();
			assertThat(same("(-\\infty, 2) \\cup (3, \\infty)", "\\boxed{(3,\\infty)\\cup(-\\infty,2)}")).isTrue();
		}

		@Test
		void matchesAGoldInequalityAgainstAPredictedIntervalButNotTheReverse() {
			assertThat(same("x > 2", "\\boxed{(2, \\infty)}")).isTrue();
			assertThat(same("x \\ge 2", "\\boxed{(2, \\infty)}")).isFalse();
			assertThat(same("(2, \\infty)", "\\boxed{x > 2}")).isFalse();
		}

		@Test
		void comparesMatricesAndVectors() {
			assertThat(same("\\begin{pmatrix} -1/3 \\\\ 2/3 \\end{pmatrix}", "\\boxed{\\begin{bmatrix} -\\frac13 \\\\ \\frac23 \\end{bmatrix}}")).isTrue();
			assertThat(same("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "\\boxed{(1, 2)}")).isTrue();
			assertThat(same("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "\\boxed{(2, 1)}")).isFalse();
		}

		@Test
		void comparesWordsAndOptionLetters() {
			assertThat(same("\\text{Evelyn}", "\\boxed{\\text{Evelyn}}")).isTrue();
			assertThat(same("\\text{Evelyn}", "\\boxed{\\text{Navin}}")).isFalse();
			assertThat(same("\\text{(C)}", "\\boxed{C}")).isTrue();
		}
	}

	@Nested
	class MultipleChoice {

		@ParameterizedTest(name = "{0}")
		@CsvSource(delimiter = '|', value = {
				"So the answer is (C).",
				"Looking at the options, C) is right.",
				"The answer is C",
				"\\boxed{C}",
				"\\boxed{\\text{(C)}}",
				"Final answer: **C**",
				"C"})
		void extractsTheOptionLetter(String response) {
			Verdict v = verifier.verify("C", response, AnswerMode.MCQ);
			assertThat(v.correct()).isTrue();
			assertThat(v.extracted()).isEqualTo("C");
		}

		@Test
		void rejectsAnotherLetter() {
			assertThat(verifier.verify("(B)", "The answer is (C).", AnswerMode.MCQ).correct()).isFalse();
		}
	}
}
