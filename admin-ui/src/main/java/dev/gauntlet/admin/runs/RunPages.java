package dev.gauntlet.admin.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.gauntlet.admin.system.AdminSettings;
import dev.gauntlet.admin.system.ServiceClient;
import dev.gauntlet.admin.system.ServiceClient.Reply;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Training runs from policy-trainer: {@code GET /v1/runs} exists; a run's metrics ({@code GET /v1/runs/{id}/metrics},
 * a list of points with {@code step} and any of {@code environment}, {@code meanReward}, {@code meanResponseTokens},
 * {@code thinkingBudget}, {@code accuracy}) are charted when the trainer offers them.
 */
@Controller
class RunPages {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ServiceClient client;

	private final AdminSettings settings;

	RunPages(ServiceClient client, AdminSettings settings) {
		this.client = client;
		this.settings = settings;
	}

	@GetMapping("/runs")
	String runs(Model model) {
		Reply reply = client.get(settings.trainerUrl(), "/v1/runs");
		model.addAttribute("runs", reply.ok() ? reply.list() : List.of());
		model.addAttribute("error", reply.ok() ? null : reply.problem());
		return "runs/list";
	}

	@GetMapping("/runs/{id}")
	String run(@PathVariable String id, Model model) {
		Reply runs = client.get(settings.trainerUrl(), "/v1/runs");
		Map<String, Object> run = runs.list()
			.stream()
			.filter(r -> r instanceof Map<?, ?> m && id.equals(String.valueOf(m.get("id"))))
			.map(r -> asMap(r))
			.findFirst()
			.orElse(Map.of("id", id));
		model.addAttribute("run", run);
		Reply metrics = client.get(settings.trainerUrl(), "/v1/runs/" + id + "/metrics");
		List<Object> points = metrics.ok() ? (metrics.body() instanceof List<?> ? metrics.list()
				: metrics.map().get("points") instanceof List<?> l ? new ArrayList<>(l) : List.of()) : List.of();
		model.addAttribute("metricsAvailable", metrics.ok());
		model.addAttribute("hasPoints", !points.isEmpty());
		model.addAttribute("chart", JSON.writeValueAsString(charts(points)));
		return "runs/detail";
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		return (Map<String, Object>) value;
	}

	/** Series per environment for reward and response length by step; accuracy by thinking budget. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> charts(List<Object> points) {
		Map<String, Map<Long, Double>> reward = new TreeMap<>();
		Map<String, Map<Long, Double>> length = new TreeMap<>();
		Map<Long, List<Double>> accuracy = new TreeMap<>();
		for (Object p : points) {
			if (!(p instanceof Map<?, ?> raw) || !(((Map<String, Object>) raw).get("step") instanceof Number step)) {
				continue;
			}
			Map<String, Object> point = (Map<String, Object>) raw;
			String env = String.valueOf(point.getOrDefault("environment", "all"));
			if (point.get("meanReward") instanceof Number r) {
				reward.computeIfAbsent(env, e -> new TreeMap<>()).put(step.longValue(), r.doubleValue());
			}
			if (point.get("meanResponseTokens") instanceof Number l) {
				length.computeIfAbsent(env, e -> new TreeMap<>()).put(step.longValue(), l.doubleValue());
			}
			if (point.get("thinkingBudget") instanceof Number b && point.get("accuracy") instanceof Number a) {
				accuracy.computeIfAbsent(b.longValue(), k -> new ArrayList<>()).add(a.doubleValue());
			}
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("reward", series(reward));
		out.put("length", series(length));
		List<Map<String, Object>> acc = new ArrayList<>();
		accuracy.forEach((budget, values) -> acc.add(Map.of("x", budget, "y",
				values.stream().mapToDouble(Double::doubleValue).average().orElse(0))));
		out.put("accuracy", acc);
		return out;
	}

	private static List<Map<String, Object>> series(Map<String, Map<Long, Double>> byEnvironment) {
		List<Map<String, Object>> out = new ArrayList<>();
		byEnvironment.forEach((env, values) -> {
			List<Map<String, Object>> data = new ArrayList<>();
			values.forEach((step, value) -> data.add(Map.of("x", step, "y", value)));
			out.add(Map.of("label", env, "data", data));
		});
		return out;
	}

}
