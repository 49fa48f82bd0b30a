package dev.gauntlet.verifier.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every MATH-500 and GSM8K gold answer equals itself and is rejected against a different
 * problem's answer. Golds that legitimately cannot be parsed are listed here with the reason and
 * in docs/environments/math.md.
 */
class DatasetGoldUnitTests {

	/** Gold answers the verifier declines to parse, and why. Keep in sync with docs/environments/math.md. */
	static final Map<String, String> UNPARSEABLE_MATH500_GOLDS = Map.of();

	/** Consecutive MATH-500 answers that are written differently but are the same answer. */
	private static final java.util.Set<String> SAME_ANSWER_PAIRS = java.util.Set.of("5 | x=5");

	private static final MathVerifier VERIFIER = MathVerifier.create();

	@Test
	void everyMath500GoldEqualsItselfBoxedInAResponse() {
		List<String> failures = new ArrayList<>();
		List<String> unparseable = new ArrayList<>();
		for (String gold : math500Golds()) {
			GoldCheck check = VERIFIER.checkGold(gold, AnswerMode.LATEX);
			if (!check.usable()) {
				unparseable.add(gold + " (" + check.reason() + ")");
				continue;
			}
			Verdict v = VERIFIER.verify(gold, "So the final answer is $\\boxed{" + gold + "}$.");
			if (!v.correct()) {
				failures.add(gold + " -> " + v);
			}
		}
		assertThat(unparseable).containsExactlyInAnyOrderElementsOf(
				UNPARSEABLE_MATH500_GOLDS.keySet().stream().map(g -> g + " (gold answer cannot be parsed)").toList());
		assertThat(failures).isEmpty();
	}

	@Test
	void everyMath500GoldIsReadInTheCommonAnswerFormats() {
		List<String> misses = new ArrayList<>();
		for (String gold : math500Golds()) {
			List<String> responses = List.of(
					"The answer is $" + gold + "$.",
					"Final Answer: The final answer is $" + gold + "$. I hope it is correct.",
					"**Answer:** $" + gold + "$",
					"<think>maybe \\boxed{0}</think>\n\\[\\boxed{" + gold + "}\\]",
					"$\\boxed{" + gold.replace("\\frac", "\\dfrac") + "}$");
			for (String response : responses) {
				Verdict v = VERIFIER.verify(gold, response);
				if (!v.correct()) {
					misses.add(gold + " in " + response + " -> " + v);
				}
			}
		}
		assertThat(misses).isEmpty();
	}

	@Test
	void everyMath500GoldRejectsTheNextDifferentProblemsAnswer() {
		List<String> golds = math500Golds();
		List<String> falsePositives = new ArrayList<>();
		int compared = 0;
		for (int i = 0; i < golds.size(); i++) {
			String gold = golds.get(i);
			String other = nextDifferent(golds, i);
			if (UNPARSEABLE_MATH500_GOLDS.containsKey(gold) || SAME_ANSWER_PAIRS.contains(gold + " | " + other)) {
				continue;
			}
			compared++;
			Verdict v = VERIFIER.verify(gold, "The answer is $\\boxed{" + other + "}$.");
			if (v.correct() || v.isError()) {
				falsePositives.add(gold + " vs " + other + " -> " + v);
			}
		}
		assertThat(falsePositives).isEmpty();
		assertThat(compared).isGreaterThan(490);
	}

	@Test
	void everyGsm8kGoldEqualsItselfAfterHashesAndRejectsTheNextDifferentOne() {
		List<String> golds = TestData.jsonl("gsm8k-test.jsonl").stream().map(TestData::gsm8kAnswer).toList();
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < golds.size(); i++) {
			String gold = golds.get(i);
			String other = nextDifferent(golds, i);
			Verdict self = VERIFIER.verify(gold, "She makes 9 * 2 = 18 dollars.\n#### " + gold);
			Verdict wrong = VERIFIER.verify(gold, "She makes 9 * 2 = 18 dollars.\n#### " + other);
			if (!self.correct() || wrong.correct() || wrong.isError()) {
				failures.add(gold + " / " + other + " -> " + self + " / " + wrong);
			}
		}
		assertThat(failures).isEmpty();
		assertThat(golds).hasSize(1319);
	}

	@Test
	void gradesEveryGsm8kWorkedSolutionRightAndTheNextProblemsSolutionWrong() {
		List<tools.jackson.databind.JsonNode> rows = TestData.jsonl("gsm8k-test.jsonl");
		List<String> golds = rows.stream().map(TestData::gsm8kAnswer).toList();
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			String own = rows.get(i).get("answer").asString();
			int j = (i + 1) % rows.size();
			while (golds.get(j).replace(",", "").equals(golds.get(i).replace(",", ""))) {
				j = (j + 1) % rows.size();
			}
			String other = rows.get(j).get("answer").asString();
			if (!VERIFIER.verify(golds.get(i), own).correct() || VERIFIER.verify(golds.get(i), other).correct()) {
				failures.add(golds.get(i) + " / " + golds.get(j));
			}
		}
		assertThat(failures).isEmpty();
	}

	static List<String> math500Golds() {
		return TestData.jsonl("math500-test.jsonl").stream().map(r -> r.get("answer").asString()).toList();
	}

	/** The next answer in the list that is written differently (identical strings are the same answer). */
	static String nextDifferent(List<String> answers, int i) {
		String self = answers.get(i).replace(" ", "");
		for (int k = 1; k < answers.size(); k++) {
			String candidate = answers.get((i + k) % answers.size());
			if (!candidate.replace(" ", "").equals(self)) {
				return candidate;
			}
		}
		throw new IllegalStateException("all answers equal");
	}

}
