package dev.gauntlet.trainer.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.gauntlet.trainer.grpo.Advantages;
import dev.gauntlet.trainer.grpo.Sample;
import dev.gauntlet.trainer.grpo.StepPlanner;

/** The metrics of a step that the trainer itself knows: rewards, filtering, truncation, staleness, budgets. */
final class StepMetrics {

	private StepMetrics() {
	}

	static Map<String, Object> planned(StepPlanner.Plan plan, double waitingSeconds) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("waitingSeconds", waitingSeconds);
		Map<String, List<Double>> byEnv = new TreeMap<>();
		Map<String, double[]> budget = new TreeMap<>(); // key -> [count, correct sum, length sum]
		int usable = 0;
		int truncated = 0;
		long staleMax = 0;
		double staleSum = 0;
		List<Double> shaped = new ArrayList<>();
		for (StepPlanner.Kept k : plan.kept()) {
			staleMax = Math.max(staleMax, k.staleness());
			staleSum += k.staleness();
			String key = k.group().reasoningOff() ? "off"
					: k.group().budgetTokens() == null ? "none" : Integer.toString(k.group().budgetTokens());
			for (int i = 0; i < k.usable().size(); i++) {
				Sample s = k.usable().get(i);
				usable++;
				truncated += s.truncated() ? 1 : 0;
				byEnv.computeIfAbsent(k.group().environment(), e -> new ArrayList<>()).add(s.reward());
				shaped.add(k.rewards()[i]);
				double[] b = budget.computeIfAbsent(key, x -> new double[3]);
				b[0]++;
				b[1] += s.correct() > 0.5 ? 1 : 0;
				b[2] += s.reasoningLength();
			}
		}
		Map<String, Object> rewards = new TreeMap<>();
		byEnv.forEach((env, values) -> rewards.put(env, stats(values)));
		m.put("rewardByEnvironment", rewards);
		m.put("reward", stats(byEnv.values().stream().flatMap(List::stream).toList()));
		m.put("shapedReward", stats(shaped));
		m.put("groups", plan.kept().size());
		m.put("samples", usable);
		m.put("truncationRate", usable == 0 ? 0.0 : (double) truncated / usable);
		m.put("zeroVarianceFraction",
				plan.varianceChecked() == 0 ? 0.0 : (double) plan.zeroVarianceGroups() / plan.varianceChecked());
		m.put("stalenessMean", plan.kept().isEmpty() ? 0.0 : staleSum / plan.kept().size());
		m.put("stalenessMax", staleMax);
		Map<String, Object> acc = new TreeMap<>();
		budget.forEach((k, b) -> acc.put(k, Map.of("samples", (int) b[0], "accuracy", b[1] / b[0], "meanLength",
				b[2] / b[0])));
		m.put("accuracyByBudget", acc);
		return m;
	}

	private static Map<String, Object> stats(List<Double> values) {
		double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
		double mean = v.length == 0 ? 0 : java.util.Arrays.stream(v).average().orElse(0);
		return Map.of("mean", mean, "std", Advantages.std(v), "count", v.length);
	}

}
