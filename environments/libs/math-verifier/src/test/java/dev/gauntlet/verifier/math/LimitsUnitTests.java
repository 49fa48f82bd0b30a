package dev.gauntlet.verifier.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The time limit is enforced, and one verifier instance is safe to share between threads. */
class LimitsUnitTests {

	private static String wedge() {
		StringBuilder sum = new StringBuilder("1");
		for (int k = 1; k < 800; k++) {
			sum.append("+x^{").append(k).append('}');
		}
		return "\\boxed{\\frac{x^{800}-1}{x-1}-(" + sum + ")}";
	}

	@Test
	void aCheckPastItsTimeLimitIsATimeoutErrorNotAReward() {
		MathVerifier hurried = MathVerifier.create(VerifierSettings.defaults().withTimeLimit(Duration.ofNanos(1)));
		Verdict v = hurried.verify("0", wedge());
		assertThat(v.status()).isEqualTo(Verdict.Status.TIMEOUT);
		assertThat(v.isError()).isTrue();
		assertThat(v.correct()).isFalse();
	}

	@Test
	void oneInstanceGivesTheSameVerdictsFromManyThreads() {
		MathVerifier shared = MathVerifier.create();
		List<String[]> pairs = List.of(
				new String[] {"x^2-1", "\\boxed{(x-1)(x+1)}"}, new String[] {"\\frac{1}{3}", "\\boxed{0.333}"},
				new String[] {"(1,2)", "\\boxed{(2,1)}"}, new String[] {"y=2x+3", "\\boxed{2x-y+3=0}"},
				new String[] {"[0,1)", "\\boxed{[0,1]}"}, new String[] {"\\sqrt{12}", "\\boxed{2\\sqrt3}"});
		List<Boolean> sequential = pairs.stream().map(p -> shared.verify(p[0], p[1]).correct()).toList();
		List<List<Boolean>> parallel = IntStream.range(0, 200).parallel()
				.mapToObj(i -> pairs.stream().map(p -> shared.verify(p[0], p[1]).correct()).toList())
				.toList();
		assertThat(parallel).allSatisfy(run -> assertThat(run).isEqualTo(sequential));
		assertThat(sequential).containsExactly(true, true, false, true, false, true);
	}
}
