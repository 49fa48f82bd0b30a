package dev.gauntlet.trainer.grpo;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.gauntlet.trainer.grpo.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StepPlannerUnitTests {

	private static final String BASE = """
			{"policy": {"baseUrl": "http://p/v1", "model": "m"}, "environments": [{"name": "digits"}],
			 "promptsPerStep": 2, "groupSize": 4, "maxStaleness": 1, "advantage": {"stdNormalization": "NONE"} %s}""";

	@Test
	void dropsFailedTextOnlyStaleTooSmallAndZeroVarianceAndKeepsTheRestInOrder() {
		Sample failed = failed();
		Sample text = textOnly(1);
		SampleGroup allCorrect = group(ok(1), ok(1), ok(1), ok(1));
		SampleGroup partly = group(ok(1), failed, text, ok(0));
		SampleGroup stale = group(version(1, 3), version(0, 5), version(0, 5), version(1, 5)); // 6 - 3 = 3 > 1
		SampleGroup tooFew = group(ok(1), failed(), failed(), failed());
		SampleGroup good = group(ok(1), ok(0), ok(0), ok(0));
		SampleGroup notReached = group(ok(1), ok(0), ok(0), ok(0));

		var plan = StepPlanner.plan(List.of(allCorrect, partly, stale, tooFew, good, notReached),
				config(BASE.formatted("")), 6);

		assertThat(plan.complete()).isTrue();
		assertThat(plan.kept()).extracting(StepPlanner.Kept::group).containsExactly(partly, good);
		assertThat(plan.dropped()).extracting(StepPlanner.Dropped::reason)
			.containsExactly(Disposition.ZERO_VARIANCE, Disposition.STALE, Disposition.TOO_FEW);
		assertThat(plan.dispositions()).containsEntry(failed.rolloutId(), Disposition.FAILED)
			.containsEntry(text.rolloutId(), Disposition.TEXT_ONLY);
		notReached.samples().forEach(s -> assertThat(plan.dispositions()).doesNotContainKey(s.rolloutId()));
		// partly: usable rewards (1, 0) -> (0.5, -0.5); good: (1, 0, 0, 0) -> (0.75, -0.25, -0.25, -0.25)
		assertThat(plan.kept().get(0).advantages()).containsExactly(new double[] { 0.5, -0.5 }, within(1e-12));
		assertThat(plan.kept().get(1).advantages()).containsExactly(new double[] { 0.75, -0.25, -0.25, -0.25 },
				within(1e-12));
		assertThat(plan.kept().get(0).staleness()).isEqualTo(1);
		// zero variance: 1 of the 3 groups that reached the check (allCorrect, partly, good)
		assertThat(plan.zeroVarianceGroups()).isEqualTo(1);
		assertThat(plan.varianceChecked()).isEqualTo(3);
	}

	@Test
	void keepsZeroVarianceGroupsWhenDynamicSamplingIsOff() {
		var plan = StepPlanner.plan(List.of(group(ok(1), ok(1)), group(ok(0), ok(1))),
				config(BASE.formatted(", \"dynamicSampling\": {\"dropZeroVariance\": false}")), 5);
		assertThat(plan.complete()).isTrue();
		assertThat(plan.dropped()).isEmpty();
		assertThat(plan.kept().get(0).advantages()).containsExactly(0, 0);
		assertThat(plan.zeroVarianceGroups()).isEqualTo(1);
	}

	@Test
	void aStepWithoutEnoughGroupsIsIncompleteButItsDropsStand() {
		var plan = StepPlanner.plan(List.of(group(ok(1), ok(1)), group(ok(0), ok(1))), config(BASE.formatted("")), 5);
		assertThat(plan.complete()).isFalse();
		assertThat(plan.kept()).hasSize(1);
		assertThat(plan.dropped()).extracting(StepPlanner.Dropped::reason).containsExactly(Disposition.ZERO_VARIANCE);
	}

	@Test
	void maskedTruncatedSamplesStayInTheBaselineButAreMarkedForNoLoss() {
		Sample cut = truncated(0);
		var plan = StepPlanner.plan(List.of(group(ok(1), cut), group(ok(0), ok(1))),
				config(BASE.formatted(", \"overlong\": {\"mode\": \"MASK\"}")), 5);
		assertThat(plan.dispositions()).containsEntry(cut.rolloutId(), Disposition.MASKED_TRUNCATED);
		assertThat(plan.kept().get(0).advantages()).containsExactly(new double[] { 0.5, -0.5 }, within(1e-12));
	}

	@Test
	void minGroupSizeIsConfigurable() {
		var plan = StepPlanner.plan(List.of(group(ok(1), ok(0), failed(), failed()), group(ok(0), ok(1), ok(1), ok(0))),
				config(BASE.formatted(", \"promptsPerStep\": 1, \"dynamicSampling\": {\"minGroupSize\": 3}")
					.replace("\"promptsPerStep\": 2, ", "")), 5);
		assertThat(plan.dropped()).extracting(StepPlanner.Dropped::reason).containsExactly(Disposition.TOO_FEW);
		assertThat(plan.kept()).hasSize(1);
	}

	@Test
	void stalenessWithinTheBoundIsKept() {
		var plan = StepPlanner.plan(List.of(group(version(1, 4), version(0, 5)), group(ok(0), ok(1))),
				config(BASE.formatted("")), 5);
		assertThat(plan.dropped()).isEmpty();
		assertThat(plan.kept().get(0).staleness()).isEqualTo(1);
	}

}
