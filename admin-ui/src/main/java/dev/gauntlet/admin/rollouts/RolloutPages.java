package dev.gauntlet.admin.rollouts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.admin.system.ServiceClient.Reply;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Jobs, rollouts and trajectories, read from rollout-service. */
@Controller
class RolloutPages {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final int PAGE_SIZE = 25;

	static final List<String> STATUSES = List.of("PENDING", "COMPLETED", "SCORED", "FAILED");

	private final RolloutService rollouts;

	RolloutPages(RolloutService rollouts) {
		this.rollouts = rollouts;
	}

	/**
	 * Jobs: from {@code GET /v1/jobs} when rollout-service lists them; otherwise the jobs of the most recently
	 * updated rollouts ({@code GET /v1/rollouts}), newest first.
	 */
	@GetMapping("/jobs")
	@SuppressWarnings("unchecked")
	String jobs(@RequestParam(defaultValue = "0") int page, Model model) {
		int current = Math.max(0, page);
		Reply reply = rollouts.jobs(current, PAGE_SIZE);
		List<Object> items;
		if (reply.ok()) {
			items = reply.body() instanceof List<?> ? reply.list()
					: reply.map().get("items") instanceof List<?> l ? new ArrayList<>(l) : List.of();
		}
		else {
			Reply recent = rollouts.rollouts(Map.of(), null, 1000);
			List<Object> rows = recent.map().get("items") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
			Collections.reverse(rows);
			Map<String, Map<String, Object>> byJob = new LinkedHashMap<>();
			for (Object row : rows) {
				Map<String, Object> r = (Map<String, Object>) row;
				Map<String, Object> job = byJob.computeIfAbsent(String.valueOf(r.get("jobId")), id -> {
					Map<String, Object> j = new LinkedHashMap<>();
					j.put("id", id);
					j.put("environment", r.get("environment"));
					j.put("status", "");
					j.put("meanReward", null);
					j.put("createdAt", r.get("updatedAt"));
					j.put("rollouts", 0);
					return j;
				});
				job.put("rollouts", (Integer) job.get("rollouts") + 1);
			}
			items = new ArrayList<>(byJob.values());
			model.addAttribute("derived", recent.ok());
			model.addAttribute("error", recent.ok() || recent.missingRoute() ? null : recent.problem());
		}
		model.addAttribute("listAvailable", reply.ok() || Boolean.TRUE.equals(model.getAttribute("derived")));
		model.addAttribute("jobs", items);
		model.addAttribute("page", current);
		model.addAttribute("hasPrevious", current > 0);
		model.addAttribute("hasNext", items.size() == PAGE_SIZE);
		return "jobs/list";
	}

	@GetMapping("/jobs/go")
	String open(@RequestParam String id) {
		return "redirect:/jobs/" + RolloutService.encode(id.strip());
	}

	@GetMapping("/jobs/{id}")
	@SuppressWarnings("unchecked")
	String job(@PathVariable String id, Model model) {
		Reply reply = rollouts.job(id);
		if (!reply.ok()) {
			model.addAttribute("error", reply.problem());
			return "jobs/missing";
		}
		Map<String, Object> job = reply.map();
		model.addAttribute("job", job);
		List<Object> items = job.get("rollouts") instanceof List<?> l ? (List<Object>) l : List.of();
		for (Object item : items) {
			if (item instanceof Map<?, ?> row) {
				((Map<String, Object>) row).putIfAbsent("environment", job.get("environment"));
			}
		}
		model.addAttribute("rollouts", items);
		model.addAttribute("chart", JSON.writeValueAsString(Map.of("rewards", rewardHistogram(items), "counts",
				job.getOrDefault("counts", Map.of()))));
		return "jobs/detail";
	}

	@GetMapping("/rollouts")
	@SuppressWarnings("unchecked")
	String list(@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable String job, @RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String minReward,
			@RequestParam(required = false) @Nullable String maxReward,
			@RequestParam(required = false) @Nullable String policyVersion,
			@RequestParam(required = false) @Nullable String after, @RequestParam(defaultValue = "0") int page,
			Model model) {
		int current = Math.max(0, page);
		Map<String, String> filters = new LinkedHashMap<>();
		filters.put("environment", environment);
		filters.put("job", job);
		filters.put("status", status);
		filters.put("minReward", minReward);
		filters.put("maxReward", maxReward);
		filters.put("policyVersion", policyVersion);
		model.addAttribute("filters", filters);
		model.addAttribute("statuses", STATUSES);
		Reply reply = rollouts.rollouts(filters, after, PAGE_SIZE);
		List<Object> items;
		String source;
		if (reply.ok()) {
			items = reply.body() instanceof List<?> ? reply.list()
					: reply.map().get("items") instanceof List<?> l ? (List<Object>) l : List.of();
			source = "list";
			model.addAttribute("next", reply.map().get("next"));
		}
		else if (reply.missingRoute() && job != null && !job.isBlank()) {
			Reply jobReply = rollouts.job(job);
			List<Object> all = jobReply.map().get("rollouts") instanceof List<?> l ? (List<Object>) l : List.of();
			items = all.stream().filter(r -> matches((Map<String, Object>) r, status, minReward, maxReward,
					policyVersion)).skip((long) current * PAGE_SIZE).limit(PAGE_SIZE).toList();
			source = jobReply.ok() ? "job" : "none";
			model.addAttribute("error", jobReply.ok() ? null : jobReply.problem());
		}
		else {
			items = List.of();
			source = "none";
			model.addAttribute("error", reply.missingRoute() ? null : reply.problem());
		}
		model.addAttribute("source", source);
		model.addAttribute("rollouts", items);
		model.addAttribute("page", current);
		model.addAttribute("hasPrevious", current > 0);
		model.addAttribute("hasNext", source.equals("job") && items.size() == PAGE_SIZE);
		model.addAttribute("after", after);
		return "rollouts/list";
	}

	@GetMapping("/rollouts/{id}")
	String trajectory(@PathVariable String id, Model model) {
		Reply reply = rollouts.rollout(id);
		if (!reply.ok()) {
			model.addAttribute("error", reply.missingRoute()
					? "rollout-service has no trajectory route (GET /v1/rollouts/{id}) yet, or no rollout " + id
					: reply.problem());
			return "rollouts/missing";
		}
		model.addAttribute("t", Trajectory.of(reply.map()));
		return "rollouts/detail";
	}

	private static boolean matches(Map<String, Object> rollout, @Nullable String status, @Nullable String min,
			@Nullable String max, @Nullable String policyVersion) {
		if (status != null && !status.isBlank() && !status.equals(rollout.get("status"))) {
			return false;
		}
		if (policyVersion != null && !policyVersion.isBlank()
				&& !policyVersion.equals(String.valueOf(rollout.get("policyVersion")))) {
			return false;
		}
		Double reward = rollout.get("reward") instanceof Number n ? n.doubleValue() : null;
		try {
			if (min != null && !min.isBlank() && (reward == null || reward < Double.parseDouble(min))) {
				return false;
			}
			if (max != null && !max.isBlank() && (reward == null || reward > Double.parseDouble(max))) {
				return false;
			}
		}
		catch (NumberFormatException ex) {
			return false;
		}
		return true;
	}

	/** Scored rewards in ten bins over their range, for the distribution chart. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> rewardHistogram(List<Object> items) {
		List<Double> rewards = new ArrayList<>();
		for (Object item : items) {
			if (item instanceof Map<?, ?> r && ((Map<String, Object>) r).get("reward") instanceof Number n) {
				rewards.add(n.doubleValue());
			}
		}
		if (rewards.isEmpty()) {
			return Map.of("labels", List.of(), "counts", List.of());
		}
		double lo = rewards.stream().mapToDouble(Double::doubleValue).min().orElse(0);
		double hi = rewards.stream().mapToDouble(Double::doubleValue).max().orElse(1);
		int bins = lo == hi ? 1 : 10;
		double width = lo == hi ? 1 : (hi - lo) / bins;
		int[] counts = new int[bins];
		for (double r : rewards) {
			counts[Math.min(bins - 1, (int) ((r - lo) / width))]++;
		}
		List<String> labels = new ArrayList<>();
		List<Integer> values = new ArrayList<>();
		for (int i = 0; i < bins; i++) {
			labels.add(bins == 1 ? String.format("%.2f", lo) : String.format("%.2f–%.2f", lo + i * width, lo + (i + 1) * width));
			values.add(counts[i]);
		}
		return Map.of("labels", labels, "counts", values);
	}

}
