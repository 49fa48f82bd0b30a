package dev.gauntlet.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-ins for rollout-service and policy-trainer in the browser tests, serving fixed JSON in the shapes of
 * their REST APIs: {@code GET /v1/jobs/{id}} (JobView), {@code GET /v1/rollouts} ({@code {items, next}}, filtered
 * and cursor-paged as rollout-service does), {@code GET /v1/rollouts/{id}} (RolloutDetail: a multi-turn rollout with
 * thinking and a tool call), and {@code GET /v1/runs}, {@code /v1/runs/{id}}, {@code /steps},
 * {@code /budget-accuracy}. The numbers are test fixtures, not results.
 */
final class ServiceStubs implements AutoCloseable {

	static final String JOB = "7d3c8a9e-2f41-4b6a-9c0e-5a1b2c3d4e5f";

	/** A second job, with more rollouts than one page of the rollouts list holds. */
	static final String GSM8K_JOB = "9b2e4c6d-8a0f-4e1b-9d3c-7f6e5d4c3b2a";

	static final String ROLLOUT = "0f1e2d3c-4b5a-4968-8776-655443322110";

	static final String FAILED_ROLLOUT = "3f1e2d3c-4b5a-4968-8776-655443322113";

	static final String UNREWARDED_ROLLOUT = "2f1e2d3c-4b5a-4968-8776-655443322112";

	static final String RUN = "3a0c9b1e-6f4d-4e2a-8b7c-1d2e3f4a5b6c";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<StubJob> JOBS = List.of(
			new StubJob(JOB, "calculator-arithmetic@1.0.0", "RUNNING", "2026-11-22T06:00:00Z"),
			new StubJob(GSM8K_JOB, "gsm8k@1.0.0", "COMPLETED", "2026-11-22T04:00:00Z"));

	/** Every rollout, ordered by id as rollout-service lists them. */
	static final List<StubRollout> ROLLOUTS = rollouts();

	private final HttpServer server;

	/** The query strings {@code GET /v1/rollouts} received, oldest first. */
	private final List<String> rolloutQueries = new CopyOnWriteArrayList<>();

	ServiceStubs() {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.createContext("/", this::handle);
		server.start();
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** The decoded parameters of the latest {@code GET /v1/rollouts}. */
	Map<String, String> lastRolloutQuery() {
		return rolloutQueries.isEmpty() ? Map.of() : parameters(rolloutQueries.getLast());
	}

	@Override
	public void close() {
		server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		Object body = switch (path) {
			case "/v1/rollouts/" + ROLLOUT -> rollout();
			case "/v1/runs" -> List.of(
					Map.of("id", RUN, "name", "nemotron-h-grpo-demo", "status", "RUNNING", "step", 40, "createdAt",
							"2026-11-22T05:00:00Z"),
					Map.of("id", "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f", "name", "gsm8k-thinking-off-baseline",
							"status", "FINISHED", "step", 120, "createdAt", "2026-11-21T18:30:00Z"));
			case "/v1/rollouts" -> {
				String query = exchange.getRequestURI().getRawQuery();
				rolloutQueries.add(query == null ? "" : query);
				yield page(parameters(query == null ? "" : query));
			}
			case "/v1/runs/" + RUN -> Map.of("id", RUN, "name", "nemotron-h-grpo-demo", "status", "RUNNING", "step", 40,
					"policyVersion", 40, "createdAt", "2026-11-22T05:00:00Z");
			case "/v1/runs/" + RUN + "/steps" -> steps();
			case "/v1/runs/" + RUN + "/budget-accuracy" -> budgets();
			default -> path.startsWith("/v1/jobs/") ? job(path.substring("/v1/jobs/".length())) : null;
		};
		byte[] bytes = JSON.writeValueAsBytes(body == null ? Map.of("title", "Not Found", "status", 404) : body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static Map<String, String> parameters(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				parameters.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

	/** One page of the listing: rollouts matching every filter, after the cursor, {@code next} set on a full page. */
	private static Map<String, Object> page(Map<String, String> query) {
		int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
		String after = query.getOrDefault("after", "");
		List<StubRollout> items = ROLLOUTS.stream()
			.filter(r -> r.id().compareTo(after) > 0 && r.matches(query))
			.limit(limit)
			.toList();
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("items", items.stream().map(StubRollout::summary).toList());
		page.put("next", items.size() == limit ? items.getLast().id() : null);
		return page;
	}

	/** A JobView, its counts and mean reward worked out from the job's rollouts as rollout-service does. */
	private static Map<String, Object> job(String id) {
		StubJob job = JOBS.stream().filter(j -> j.id().equals(id)).findFirst().orElse(null);
		if (job == null) {
			return null;
		}
		List<StubRollout> rollouts = ROLLOUTS.stream().filter(r -> r.job().equals(id)).toList();
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String status : List.of("SCORED", "FAILED", "PENDING", "COMPLETED")) {
			counts.put(status, rollouts.stream().filter(r -> r.status().equals(status)).count());
		}
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", id);
		view.put("environment", job.environment());
		view.put("status", job.status());
		view.put("counts", counts);
		view.put("total", rollouts.size());
		view.put("done", counts.get("SCORED") + counts.get("FAILED"));
		OptionalDouble mean = rollouts.stream().filter(r -> r.reward() != null).mapToDouble(StubRollout::reward).average();
		view.put("meanReward", mean.isPresent() ? mean.getAsDouble() : null);
		view.put("createdAt", job.createdAt());
		view.put("rollouts", rollouts.stream().map(StubRollout::jobRow).toList());
		return view;
	}

	/**
	 * The calculator job's four rollouts (policy version 3), then 26 of the gsm8k job in groups of four: rewards
	 * alternate 1 and 0, every ninth fails, policy version 4 for the first twelve and 5 after.
	 */
	private static List<StubRollout> rollouts() {
		List<StubRollout> rollouts = new ArrayList<>(List.of(
				new StubRollout(ROLLOUT, JOB, "example-1", 0, 0, "SCORED", 1.0, "391", 3),
				new StubRollout("1f1e2d3c-4b5a-4968-8776-655443322111", JOB, "example-1", 0, 1, "SCORED", 1.0, "391", 3),
				new StubRollout(UNREWARDED_ROLLOUT, JOB, "example-2", 1, 0, "SCORED", 0.0, "14", 3),
				new StubRollout(FAILED_ROLLOUT, JOB, "example-2", 1, 1, "FAILED", null, null, 3)));
		for (int i = 0; i < 26; i++) {
			boolean failed = i % 9 == 8;
			rollouts.add(new StubRollout(gsm8kRollout(i), GSM8K_JOB,
					"gsm8k-test-" + i / 4, i / 4, i % 4, failed ? "FAILED" : "SCORED",
					failed ? null : i % 2 == 0 ? 1.0 : 0.0, failed ? null : i % 2 == 0 ? "72" : "68", i < 12 ? 4 : 5));
		}
		rollouts.sort(Comparator.comparing(StubRollout::id));
		return List.copyOf(rollouts);
	}

	/**
	 * The id of the gsm8k job's rollout number {@code i}, 0 to 25: ids sort as the numbers do, and their first eight
	 * characters (what the list shows) differ.
	 */
	static String gsm8kRollout(int i) {
		return String.format("a%07d-6b7c-4d8e-9f01-%012d", 1000 + 37 * i, i);
	}

	record StubJob(String id, String environment, String status, String createdAt) {
	}

	/** One rollout, as a row of a JobView and as a RolloutSummary of the listing. */
	record StubRollout(String id, String job, String task, int group, int sample, String status,
			@Nullable Double reward, @Nullable String answer, long policyVersion) {

		String environment() {
			return JOBS.stream().filter(j -> j.id().equals(job)).findFirst().orElseThrow().environment();
		}

		/** rollout-service's filters: {@code environment} is the name alone, as its job table stores it. */
		boolean matches(Map<String, String> query) {
			String name = environment().substring(0, environment().indexOf('@'));
			return equalsIfGiven(query.get("job"), job) && equalsIfGiven(query.get("environment"), name)
					&& equalsIfGiven(query.get("status"), status)
					&& equalsIfGiven(query.get("policyVersion"), String.valueOf(policyVersion))
					&& (query.get("minReward") == null
							|| reward != null && reward >= Double.parseDouble(query.get("minReward")))
					&& (query.get("maxReward") == null
							|| reward != null && reward <= Double.parseDouble(query.get("maxReward")));
		}

		private static boolean equalsIfGiven(@Nullable String wanted, String actual) {
			return wanted == null || wanted.equals(actual);
		}

		Map<String, Object> jobRow() {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("rolloutId", id);
			row.put("taskId", task);
			row.put("groupIndex", group);
			row.put("sampleIndex", sample);
			row.put("attempt", 0);
			row.put("status", status);
			row.put("reward", reward);
			row.put("extractedAnswer", answer);
			row.put("failureStage", status.equals("FAILED") ? "policy" : null);
			row.put("failureCause", status.equals("FAILED") ? "policy_timeout" : null);
			row.put("policyVersion", policyVersion);
			return row;
		}

		Map<String, Object> summary() {
			Map<String, Object> summary = new LinkedHashMap<>(jobRow());
			summary.remove("extractedAnswer");
			summary.put("jobId", job);
			summary.put("environment", environment());
			summary.put("trainable", !status.equals("FAILED"));
			summary.put("finishReason", status.equals("FAILED") ? null : "stop");
			summary.put("turns", 2);
			summary.put("updatedAt", "2026-11-22T06:01:00Z");
			return summary;
		}

	}

	/** A RolloutDetail: messages as Gauntlet's ChatMessage records, turns token in and token out. */
	private static Map<String, Object> rollout() {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("rollout", ROLLOUTS.stream().filter(r -> r.id().equals(ROLLOUT)).findFirst().orElseThrow()
			.summary());
		detail.put("messages", List.of(
				message("system", "Solve the arithmetic problem. You may call the calculator tool.", List.of(), null),
				message("user", "A crate holds 17 rows of 23 apples. How many apples?", List.of(), null),
				message("assistant", "<think>17 rows of 23: multiply. Let me use the calculator to be exact.</think>",
						List.of(Map.of("id", "call_1", "name", "calculator", "arguments", "{\"expression\": \"17 * 23\"}")),
						null),
				message("tool", "391", List.of(), "call_1"),
				message("assistant", "<think>The tool says 391.</think>There are 391 apples.\nAnswer: 391", List.of(),
						null)));
		detail.put("turns", List.of(
				Map.of("promptTokenIds", List.of(1, 2, 3, 4, 5, 6, 7, 8), "completionTokenIds", List.of(9, 10, 11, 12),
						"completionLogprobs", List.of(), "completionMask", "SSSS", "thinkingTokens", 3),
				Map.of("promptTokenIds", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), "completionTokenIds",
						List.of(14, 15, 16, 17, 18), "completionLogprobs", List.of(), "completionMask", "SSFSS",
						"thinkingTokens", 2)));
		detail.put("reasoning", Map.of("thinkingTokens", 5, "answerTokens", 4, "budgetHit", true));
		detail.put("rewardComponents", Map.of("correct", 1.0, "length_penalty", 0.0));
		detail.put("extractedAnswer", "391");
		return detail;
	}

	private static Map<String, Object> message(String role, String content, List<Object> toolCalls, String toolCallId) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("role", role);
		m.put("content", content);
		m.put("toolCalls", toolCalls);
		m.put("toolCallId", toolCallId);
		m.put("name", null);
		return m;
	}

	private static List<Map<String, Object>> steps() {
		List<Map<String, Object>> steps = new ArrayList<>();
		for (int step = 1; step <= 40; step++) {
			Map<String, Object> metrics = Map.of(
					"rewardByEnvironment", Map.of(
							"gsm8k", Map.of("mean", 0.35 + 0.012 * step - 0.03 * Math.sin(step), "std", 0.4, "count", 64),
							"calculator-arithmetic", Map.of("mean", 0.5 + 0.01 * step + 0.02 * Math.cos(step), "std", 0.3,
									"count", 64)),
					"tokens", 128 * (700 - 5 * step), "sequences", 128,
					"accuracyByBudget", Map.of("512", Map.of("samples", 128, "accuracy", 0.6, "meanLength", 480 - 3 * step)));
			steps.add(Map.of("step", step, "status", "APPLIED", "policyVersion", step, "metrics", metrics, "preparedAt",
					"2026-11-22T05:00:00Z"));
		}
		return steps;
	}

	private static List<Map<String, Object>> budgets() {
		return List.of(
				Map.of("mode", "off", "samples", 512, "accuracy", 0.41, "meanThinkingTokens", 0, "meanCompletionTokens", 90),
				Map.of("mode", "on", "budgetTokens", 256, "samples", 512, "accuracy", 0.55, "meanThinkingTokens", 240,
						"meanCompletionTokens", 330),
				Map.of("mode", "on", "budgetTokens", 512, "samples", 512, "accuracy", 0.63, "meanThinkingTokens", 470,
						"meanCompletionTokens", 560),
				Map.of("mode", "on", "budgetTokens", 1024, "samples", 512, "accuracy", 0.70, "meanThinkingTokens", 900,
						"meanCompletionTokens", 990),
				Map.of("mode", "on", "budgetTokens", 2048, "samples", 512, "accuracy", 0.72, "meanThinkingTokens", 1500,
						"meanCompletionTokens", 1600));
	}

}
