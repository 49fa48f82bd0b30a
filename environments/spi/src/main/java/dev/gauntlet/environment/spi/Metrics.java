package dev.gauntlet.environment.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The metrics every environment reports: mean reward, and pass@1 and pass@k over groups of samples per task. */
public final class Metrics {

	/** A sample passes when its reward reaches this fraction of the best reward. */
	static final double PASS_THRESHOLD = 1.0;

	private Metrics() {
	}

	public static Map<String, Double> standard(List<ScoredTask> scored) {
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("samples", (double) scored.size());
		if (scored.isEmpty()) {
			return metrics;
		}
		metrics.put("mean_reward", scored.stream().mapToDouble(ScoredTask::reward).average().orElse(0));
		Map<String, List<ScoredTask>> byTask = scored.stream()
			.collect(Collectors.groupingBy(ScoredTask::taskId, LinkedHashMap::new, Collectors.toList()));
		metrics.put("tasks", (double) byTask.size());
		metrics.put("pass@1", scored.stream().filter(s -> s.reward() >= PASS_THRESHOLD).count() / (double) scored.size());
		metrics.put("pass@k", byTask.values()
			.stream()
			.filter(group -> group.stream().anyMatch(s -> s.reward() >= PASS_THRESHOLD))
			.count() / (double) byTask.size());
		return metrics;
	}

}
