package dev.gauntlet.trainer.grpo;

import java.util.List;

import dev.gauntlet.trainer.run.RunConfig;
import org.junit.jupiter.api.Test;

import static dev.gauntlet.trainer.grpo.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RewardShapingUnitTests {

	private static final RunConfig.Overlong NO_OVERLONG = new RunConfig.Overlong(RunConfig.OverlongMode.NONE, 20, 1.0);

	private static final RunConfig.Shaping NO_SHAPING = new RunConfig.Shaping(RunConfig.ShapingMode.NONE, 0.0);

	private static double[] shape(SampleGroup g, RunConfig.Overlong o, RunConfig.Shaping s) {
		return RewardShaping.shape(g.samples(), g, o, 100, s);
	}

	@Test
	void withoutShapingRewardsPassThrough() {
		assertThat(shape(group(ok(1), ok(0.25)), NO_OVERLONG, NO_SHAPING)).containsExactly(1, 0.25);
	}

	@Test
	void softOverlongPenaltyRampsOverTheBufferAndIsFullWhenTruncated() {
		// max 100, buffer 20, penalty 1: L=80 -> 0; L=90 -> (80 - 90) / 20 = -0.5; truncated -> -1
		var o = new RunConfig.Overlong(RunConfig.OverlongMode.SOFT_PENALTY, 20, 1.0);
		double[] r = shape(group(len(1, 80), len(1, 90), truncated(1)), o, NO_SHAPING);
		assertThat(r).containsExactly(new double[] { 1, 0.5, 0 }, within(1e-12));
	}

	@Test
	void maskModeDoesNotChangeRewards() {
		var o = new RunConfig.Overlong(RunConfig.OverlongMode.MASK, 20, 1.0);
		assertThat(shape(group(len(1, 90), truncated(1)), o, NO_SHAPING)).containsExactly(1, 1);
	}

	@Test
	void lcpoIsCorrectnessMinusAlphaTimesDistanceFromTheBudget() {
		// budget 100, alpha 0.01: correct at 130 tokens -> 1 - 0.3 = 0.7; wrong at exactly 100 -> 0; correct at 60 -> 0.6
		var s = new RunConfig.Shaping(RunConfig.ShapingMode.LCPO, 0.01);
		double[] r = shape(budgeted(100, len(1, 130), len(0, 100), len(1, 60)), NO_OVERLONG, s);
		assertThat(r).containsExactly(new double[] { 0.7, 0, 0.6 }, within(1e-12));
	}

	@Test
	void lcpoLeavesPromptsWithoutABudgetOrWithReasoningOffAlone() {
		var s = new RunConfig.Shaping(RunConfig.ShapingMode.LCPO, 0.01);
		assertThat(shape(group(len(1, 130)), NO_OVERLONG, s)).containsExactly(1);
		var off = new SampleGroup(java.util.UUID.randomUUID(), 0, "digits", 100, true, List.of(len(1, 130)));
		assertThat(shape(off, NO_OVERLONG, s)).containsExactly(1);
	}

	@Test
	void groupLengthRewardsShorterCorrectAnswersAndNeverRewardsWrongOnes() {
		// lengths 10, 20, 30: lambda = 0.5, 0, -0.5; alpha 0.5
		// correct(10): 1 + 0.25; correct(20): 1 + 0; wrong(30): 0 + 0.5 * min(0, -0.5) = -0.25
		var s = new RunConfig.Shaping(RunConfig.ShapingMode.GROUP_LENGTH, 0.5);
		assertThat(shape(group(len(1, 10), len(1, 20), len(0, 30)), NO_OVERLONG, s))
			.containsExactly(new double[] { 1.25, 1.0, -0.25 }, within(1e-12));
		// a short wrong answer gets min(0, 0.5) = 0, the long correct one 1 - 0.25
		assertThat(shape(group(len(0, 10), len(1, 30)), NO_OVERLONG, s))
			.containsExactly(new double[] { 0, 0.75 }, within(1e-12));
	}

	@Test
	void groupLengthDoesNothingWhenAllLengthsAreEqual() {
		var s = new RunConfig.Shaping(RunConfig.ShapingMode.GROUP_LENGTH, 0.5);
		assertThat(shape(group(len(1, 10), len(0, 10)), NO_OVERLONG, s)).containsExactly(1, 0);
	}

}
