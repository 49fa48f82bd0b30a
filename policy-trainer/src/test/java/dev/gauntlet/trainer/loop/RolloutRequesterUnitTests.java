package dev.gauntlet.trainer.loop;

import java.util.Map;

import dev.gauntlet.trainer.run.RunConfig;
import dev.gauntlet.trainer.run.RunConfigValidator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RolloutRequesterUnitTests {

	static RunConfig config(String extra) {
		RunConfig c = JsonMapper.builder().build().readValue("""
				{"policy": {"baseUrl": "http://p/v1", "model": "m"},
				 "environments": [{"name": "digits", "weight": 3}, {"name": "gsm8k", "weight": 1}] %s}"""
			.formatted(extra), RunConfig.class);
		return RunConfigValidator.validate(c.withDefaults("http://localhost:8000"));
	}

	static double share(Map<RolloutRequester.Draw, Integer> draws, java.util.function.Predicate<RolloutRequester.Draw> p) {
		int total = draws.values().stream().mapToInt(Integer::intValue).sum();
		return (double) draws.entrySet().stream().filter(e -> p.test(e.getKey())).mapToInt(Map.Entry::getValue).sum()
				/ total;
	}

	@Test
	void environmentsAreDrawnInProportionToTheirWeights() {
		var draws = RolloutRequester.draw(config(""), 20_000, 1);
		assertThat(share(draws, d -> d.environment().equals("digits"))).isCloseTo(0.75, within(0.02));
		assertThat(draws.keySet()).allSatisfy(d -> assertThat(d.mode()).isNull());
	}

	@Test
	void reasoningIsOffInTheSetRatioAndBudgetsAreUniform() {
		var draws = RolloutRequester.draw(config(", \"reasoning\": {\"budgets\": [100, 200, 400], \"offRatio\": 0.2}"),
				30_000, 2);
		assertThat(share(draws, d -> "off".equals(d.mode()))).isCloseTo(0.2, within(0.02));
		for (int budget : new int[] { 100, 200, 400 }) {
			assertThat(share(draws, d -> Integer.valueOf(budget).equals(d.budget()))).isCloseTo(0.8 / 3, within(0.02));
		}
		assertThat(draws.keySet()).filteredOn(d -> "off".equals(d.mode())).allSatisfy(d -> assertThat(d.budget()).isNull());
	}

	@Test
	void drawsAreReproducibleFromTheSeed() {
		RunConfig c = config(", \"reasoning\": {\"budgets\": [100, 200]}");
		assertThat(RolloutRequester.draw(c, 50, 9)).isEqualTo(RolloutRequester.draw(c, 50, 9));
	}

	@Test
	void thePipelineHoldsOversampledStepsForEveryVersionOfAllowedStaleness() {
		// ceil(8 x 1.5) = 12 groups per step, for the current and 2 stale versions
		assertThat(RolloutRequester.target(config(", \"dynamicSampling\": {\"oversample\": 1.5}, \"maxStaleness\": 2")))
			.isEqualTo(36);
		assertThat(RolloutRequester.target(config(", \"maxStaleness\": 0"))).isEqualTo(8);
	}

	@Test
	void aTopUpIsSplitIntoJobsOfAtMostOneStepsPrompts() {
		assertThat(RolloutRequester.jobSizes(192, 64)).containsExactly(64, 64, 64);
		assertThat(RolloutRequester.jobSizes(150, 64)).containsExactly(64, 64, 22);
		assertThat(RolloutRequester.jobSizes(5, 64)).containsExactly(5);
		assertThat(RolloutRequester.jobSizes(0, 64)).isEmpty();
		assertThatThrownBy(() -> RolloutRequester.jobSizes(5, 0)).isInstanceOf(IllegalArgumentException.class);
	}

}
