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
 * Training runs from policy-trainer: {@code GET /v1/runs}, {@code GET /v1/runs/{id}}, the per-step metrics
 * ({@code GET /v1/runs/{id}/steps}: {@code metrics.rewardByEnvironment.<env>.mean}, {@code metrics.tokens},
 * {@code metrics.sequences}, {@code metrics.accuracyByBudget.<budget>.meanLength}) and accuracy by thinking budget
 * ({@code GET /v1/runs/{id}/budget-accuracy}).
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
		String path = "/v1/runs/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
		Reply run = client.get(settings.trainerUrl(), path);
		if (!run.ok()) {
			model.addAttribute("error", run.problem());
		}
		Map<String, Object> view = new LinkedHashMap<>(run.map());
		view.putIfAbsent("id", id);
		model.addAttribute("run", view);
		Reply steps = client.get(settings.trainerUrl(), path + "/steps?limit=5000");
		Reply budgets = client.get(settings.trainerUrl(), path + "/budget-accuracy");
		Map<String, Object> charts = charts(steps.ok() ? steps.list() : List.of(),
				budgets.ok() ? budgets.list() : List.of());
		model.addAttribute("metricsAvailable", steps.ok());
		model.addAttribute("hasPoints", !((List<?>) charts.get("reward")).isEmpty()
				|| !((List<?>) charts.get("accuracy")).isEmpty());
		model.addAttribute("chart", JSON.writeValueAsString(charts));
		return "runs/detail";
	}

	/** Mean reward per step per environment, mean tokens per step, accuracy per thinking budget. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> charts(List<Object> steps, List<Object> budgets) {
		Map<String, Map<Long, Double>> reward = new TreeMap<>();
		Map<String, Map<Long, Double>> length = new TreeMap<>();
		for (Object s : steps) {
			if (!(s instanceof Map<?, ?> raw) || !(raw.get("step") instanceof Number step)
					|| !(raw.get("metrics") instanceof Map<?, ?> m)) {
				continue;
			}
			Map<String, Object> metrics = (Map<String, Object>) m;
			if (metrics.get("rewardByEnvironment") instanceof Map<?, ?> byEnv) {
				byEnv.forEach((env, stats) -> {
					if (stats instanceof Map<?, ?> st && st.get("mean") instanceof Number mean) {
						reward.computeIfAbsent(String.valueOf(env), e -> new TreeMap<>()).put(step.longValue(),
								mean.doubleValue());
					}
				});
			}
			if (metrics.get("tokens") instanceof Number tokens && metrics.get("sequences") instanceof Number sequences
					&& sequences.doubleValue() > 0) {
				length.computeIfAbsent("tokens per sequence", e -> new TreeMap<>()).put(step.longValue(),
						tokens.doubleValue() / sequences.doubleValue());
			}
			if (metrics.get("accuracyByBudget") instanceof Map<?, ?> byBudget) {
				double weighted = 0;
				double samples = 0;
				for (Object b : byBudget.values()) {
					if (b instanceof Map<?, ?> entry && entry.get("samples") instanceof Number n
							&& entry.get("meanLength") instanceof Number len) {
						weighted += n.doubleValue() * len.doubleValue();
						samples += n.doubleValue();
					}
				}
				if (samples > 0) {
					length.computeIfAbsent("reasoning tokens per sample", e -> new TreeMap<>())
						.put(step.longValue(), weighted / samples);
				}
			}
		}
		List<String> labels = new ArrayList<>();
		List<Double> accuracy = new ArrayList<>();
		for (Object b : budgets) {
			if (b instanceof Map<?, ?> entry && entry.get("accuracy") instanceof Number a) {
				Object tokens = entry.get("budgetTokens");
				labels.add("off".equals(entry.get("mode")) ? "reasoning off"
						: tokens == null ? "no budget" : tokens + " tokens");
				accuracy.add(a.doubleValue());
			}
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("reward", series(reward));
		out.put("length", series(length));
		out.put("accuracy", accuracy);
		out.put("accuracyLabels", labels);
		return out;
	}

	private static List<Map<String, Object>> series(Map<String, Map<Long, Double>> byName) {
		List<Map<String, Object>> out = new ArrayList<>();
		byName.forEach((name, values) -> {
			List<Map<String, Object>> data = new ArrayList<>();
			values.forEach((step, value) -> data.add(Map.of("x", step, "y", value)));
			out.add(Map.of("label", name, "data", data));
		});
		return out;
	}

}
