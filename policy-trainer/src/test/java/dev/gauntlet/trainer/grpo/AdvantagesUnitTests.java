package dev.gauntlet.trainer.grpo;

import java.util.List;

import dev.gauntlet.trainer.run.RunConfig.Advantage;
import dev.gauntlet.trainer.run.RunConfig.Baseline;
import dev.gauntlet.trainer.run.RunConfig.StdNormalization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AdvantagesUnitTests {

	private static final double TOL = 1e-9;

	private static List<double[]> compute(Baseline b, StdNormalization s, double eps, double[]... groups) {
		return Advantages.compute(List.of(groups), new Advantage(b, s, eps));
	}

	@Test
	void groupMeanWithoutStdIsRewardMinusGroupMean() {
		// mean(2, 4, 6) = 4
		assertThat(compute(Baseline.GROUP_MEAN, StdNormalization.NONE, 0, new double[] { 2, 4, 6 }).get(0))
			.containsExactly(new double[] { -2, 0, 2 }, within(TOL));
	}

	@Test
	void groupStdDividesByTheGroupsSampleStd() {
		// mean 0.5, centred ±0.5, sample std sqrt(4 * 0.25 / 3) = 0.5773503 -> ±0.8660254
		assertThat(compute(Baseline.GROUP_MEAN, StdNormalization.GROUP, 0, new double[] { 1, 0, 0, 1 }).get(0))
			.containsExactly(new double[] { 0.8660254037844386, -0.8660254037844386, -0.8660254037844386,
					0.8660254037844386 }, within(TOL));
	}

	@Test
	void epsilonIsAddedToTheStd() {
		// centred ±0.5, std sqrt(0.5) = 0.70710678; 0.5 / (0.70710678 + 0.1) = 0.61949672
		assertThat(compute(Baseline.GROUP_MEAN, StdNormalization.GROUP, 0.1, new double[] { 1, 0 }).get(0))
			.containsExactly(new double[] { 0.6194967155, -0.6194967155 }, within(1e-9));
	}

	@Test
	void leaveOneOutSubtractsTheMeanOfTheOtherSamples() {
		// 1 - mean(0, 0, 1) = 2/3;  0 - mean(1, 0, 1) = -2/3
		assertThat(compute(Baseline.LEAVE_ONE_OUT, StdNormalization.NONE, 0, new double[] { 1, 0, 0, 1 }).get(0))
			.containsExactly(new double[] { 2.0 / 3, -2.0 / 3, -2.0 / 3, 2.0 / 3 }, within(TOL));
		// 3 - 1 = 2, 1 - 3 = -2
		assertThat(compute(Baseline.LEAVE_ONE_OUT, StdNormalization.NONE, 0, new double[] { 3, 1 }).get(0))
			.containsExactly(new double[] { 2, -2 }, within(TOL));
	}

	@Test
	void leaveOneOutWithGroupStd() {
		// LOO of (3, 1) = (2, -2); group sample std of (3, 1) = sqrt(2) -> ±sqrt(2)
		assertThat(compute(Baseline.LEAVE_ONE_OUT, StdNormalization.GROUP, 0, new double[] { 3, 1 }).get(0))
			.containsExactly(new double[] { Math.sqrt(2), -Math.sqrt(2) }, within(TOL));
	}

	@Test
	void batchStdDividesEveryGroupByTheStdOfAllRewards() {
		// all rewards (1, 0, 0, 0): mean 0.25, sample std sqrt((0.5625 + 3 * 0.0625) / 3) = 0.5
		List<double[]> a = compute(Baseline.GROUP_MEAN, StdNormalization.BATCH, 0, new double[] { 1, 0 },
				new double[] { 0, 0 });
		assertThat(a.get(0)).containsExactly(new double[] { 1, -1 }, within(TOL));
		assertThat(a.get(1)).containsExactly(new double[] { 0, 0 }, within(TOL));
	}

	@Test
	void aZeroStdGroupIsNotScaledAndGivesZerosNotNaN() {
		assertThat(compute(Baseline.GROUP_MEAN, StdNormalization.GROUP, 0, new double[] { 1, 1, 1 }).get(0))
			.containsExactly(0, 0, 0);
		assertThat(compute(Baseline.LEAVE_ONE_OUT, StdNormalization.BATCH, 0, new double[] { 0.5, 0.5 }).get(0))
			.containsExactly(0, 0);
	}

	@Test
	void sampleStdOfFewerThanTwoValuesIsZero() {
		assertThat(Advantages.std(new double[] { 5 })).isZero();
		assertThat(Advantages.std(new double[] { 1, 3 })).isCloseTo(Math.sqrt(2), within(TOL));
	}

}
