package dev.gauntlet.verifier.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 random and hostile responses: huge numbers, deep nesting, {@code \frac} repeated 10^5
 * times, binary noise, LaTeX token soup. Each gets a verdict within the time limit; none is an
 * internal error (a crash caught by the last-resort guard would show up as one).
 *
 * <p>The whole run takes about 5 s. The class timeout runs it on a thread of its own, so that a check that never
 * polls its deadline (a hang the cooperative limit cannot end) fails the build in a minute instead of stalling it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileInputUnitTests {

	private static final Duration LIMIT = Duration.ofMillis(500);
	/** Slack for a GC pause or a busy shared machine on top of the cooperative limit. */
	private static final Duration SLACK = Duration.ofMillis(1_500);
	private static final List<String> GOLDS = List.of(
			"5", "\\frac{1}{2}", "x^2+1", "(1,2)", "[0,1)", "\\sqrt{2}", "y = 2x + 3", "\\text{(C)}",
			"\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "\\{1\\pm\\sqrt{5},-2\\}");
	private static final String[] TOKENS = {
			"\\frac", "{", "}", "x", "^", "2", "\\sqrt", "(", ")", "[", "]", "\\cup", "=", "<", "\\pm",
			"\\boxed{", "$", "\\left(", "\\right)", "1", "0", ".", ",", ";", "\\infty", "-", "+", "*",
			"/", "!", "%", "^\\circ", "\\text{", "\\begin{pmatrix}", "\\end{pmatrix}", "&", "\\\\",
			"\\in", "|", "e", "i", "\\pi", "\\sin", "\\log_", "_", "9999999999", "\\le", " ", "\n",
			"<think>", "</think>", "####", "Answer:", "\\{", "\\}", "\\dfrac", "\\binom"};

	@Test
	void tenThousandHostileResponsesEachGetAVerdictWithinTheLimit() {
		MathVerifier verifier = MathVerifier.create(VerifierSettings.defaults().withTimeLimit(LIMIT));
		Random random = new Random(20261122);
		List<String> problems = new ArrayList<>();
		Duration slowest = Duration.ZERO;
		for (int i = 0; i < 10_000; i++) {
			String gold = GOLDS.get(i % GOLDS.size());
			String response = hostile(i, random);
			long start = System.nanoTime();
			Verdict verdict = verifier.verify(gold, response, i % 7 == 0 ? AnswerMode.EXPR : AnswerMode.LATEX);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			slowest = took.compareTo(slowest) > 0 ? took : slowest;
			if (verdict == null || verdict.status() == Verdict.Status.INTERNAL_ERROR
					|| took.compareTo(LIMIT.plus(SLACK)) > 0) {
				problems.add("case " + i + " took " + took.toMillis() + " ms: " + verdict
						+ " for " + response.substring(0, Math.min(120, response.length())));
			}
		}
		// The overrun past the cooperative limit that docs/environments/math.md quotes.
		System.out.printf("slowest of 10,000 hostile checks: %d ms (limit %d ms)%n", slowest.toMillis(), LIMIT.toMillis());
		assertThat(problems).isEmpty();
	}

	/** One hostile response; the costly shapes are rarer so that the suite stays fast. */
	static String hostile(int i, Random random) {
		return switch (i % 20) {
			case 0 -> i % 400 == 0 ? "\\boxed{" + "\\frac".repeat(100_000) + "}" : "\\frac".repeat(1 + random.nextInt(2_000));
			case 1 -> "\\boxed{" + "9".repeat(1 + random.nextInt(i % 200 == 1 ? 100_000 : 3_000)) + "}";
			case 2 -> "\\boxed{" + "{".repeat(1 + random.nextInt(5_000)) + "1" + "}".repeat(random.nextInt(5_000)) + "}";
			case 3 -> binaryNoise(random, 1 + random.nextInt(i % 500 == 3 ? 200_000 : 2_000));
			case 4 -> "$" + "(".repeat(random.nextInt(3_000)) + "x" + ")".repeat(random.nextInt(3_000)) + "$";
			case 5 -> "\\boxed{" + "\\sqrt{".repeat(random.nextInt(3_000)) + "2" + "}".repeat(random.nextInt(3_000)) + "}";
			case 6 -> "\\boxed{10^{10^{10^{10}}}}";
			case 7 -> "\\boxed{" + (1 + random.nextInt(1_000_000)) + "!}";
			case 8 -> "\\boxed{(1+x)^{" + random.nextInt(Integer.MAX_VALUE) + "}}";
			case 9 -> "\\boxed{" + "1+".repeat(random.nextInt(8_000)) + "1}";
			case 10 -> "\\boxed{x" + "^x".repeat(random.nextInt(5_000)) + "}";
			case 11 -> "\\boxed{" + "-".repeat(random.nextInt(10_000)) + "5}";
			case 12 -> "\\boxed{2^{" + "2^{".repeat(random.nextInt(60)) + "2" + "}".repeat(60) + "}";
			case 13 -> "\\boxed{" + "\\pm 1".repeat(random.nextInt(40)) + "}";
			case 14 -> "\\boxed{\\frac{1}{" + "0".repeat(random.nextInt(50)) + "}}";
			case 15 -> "<think>" + "x".repeat(random.nextInt(1_000)) + (random.nextBoolean() ? "</think>" : "");
			case 16 -> "\\boxed{" + "(1,".repeat(random.nextInt(2_000)) + "1" + ")".repeat(random.nextInt(2_000)) + "}";
			case 17 -> "\\boxed{\\begin{pmatrix}" + "1 & ".repeat(random.nextInt(1_500)) + "1 \\end{pmatrix}}";
			default -> tokenSoup(random, 1 + random.nextInt(400));
		};
	}

	private static String binaryNoise(Random random, int length) {
		StringBuilder sb = new StringBuilder(length);
		for (int k = 0; k < length; k++) {
			sb.append((char) random.nextInt(0x10000));
		}
		return sb.toString();
	}

	private static String tokenSoup(Random random, int tokens) {
		StringBuilder sb = new StringBuilder();
		for (int k = 0; k < tokens; k++) {
			sb.append(TOKENS[random.nextInt(TOKENS.length)]);
		}
		return sb.toString();
	}
}
