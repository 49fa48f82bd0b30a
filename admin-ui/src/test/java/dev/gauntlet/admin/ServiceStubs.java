package dev.gauntlet.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-ins for rollout-service and policy-trainer in the browser tests, serving fixed JSON in the shapes of
 * their REST APIs: {@code GET /v1/jobs/{id}} (JobView), {@code GET /v1/rollouts} ({@code {items, next}}),
 * {@code GET /v1/rollouts/{id}} (RolloutDetail: a multi-turn rollout with thinking and a tool call), and
 * {@code GET /v1/runs}, {@code /v1/runs/{id}}, {@code /steps}, {@code /budget-accuracy}. The numbers are test
 * fixtures, not results.
 */
final class ServiceStubs implements AutoCloseable {

	static final String JOB = "7d3c8a9e-2f41-4b6a-9c0e-5a1b2c3d4e5f";

	static final String ROLLOUT = "0f1e2d3c-4b5a-4968-8776-655443322110";

	static final String RUN = "3a0c9b1e-6f4d-4e2a-8b7c-1d2e3f4a5b6c";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

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

	@Override
	public void close() {
		server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		Object body = switch (path) {
			case "/v1/jobs/" + JOB -> job();
			case "/v1/rollouts/" + ROLLOUT -> rollout();
			case "/v1/runs" -> List.of(Map.of("id", RUN, "name", "nemotron-h-grpo-demo", "status", "RUNNING", "step", 40,
					"createdAt", "2026-11-22T05:00:00Z"));
			case "/v1/rollouts" -> {
				Map<String, Object> page = new java.util.LinkedHashMap<>();
				page.put("items", List.of(summary()));
				page.put("next", null);
				yield page;
			}
			case "/v1/runs/" + RUN -> Map.of("id", RUN, "name", "nemotron-h-grpo-demo", "status", "RUNNING", "step", 40,
					"policyVersion", 40, "createdAt", "2026-11-22T05:00:00Z");
			case "/v1/runs/" + RUN + "/steps" -> steps();
			case "/v1/runs/" + RUN + "/budget-accuracy" -> budgets();
			default -> null;
		};
		byte[] bytes = JSON.writeValueAsBytes(body == null ? Map.of("title", "Not Found", "status", 404) : body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static Map<String, Object> row(String id, String task, int group, int sample, String status, Double reward,
			String answer) {
		java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
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
		row.put("policyVersion", 3);
		return row;
	}

	private static Map<String, Object> job() {
		return Map.of("id", JOB, "environment", "calculator-arithmetic@1.0.0", "status", "RUNNING", "counts",
				Map.of("SCORED", 3, "FAILED", 1, "PENDING", 0, "COMPLETED", 0), "total", 4, "done", 4, "meanReward",
				0.667, "createdAt", "2026-11-22T06:00:00Z", "rollouts",
				List.of(row(ROLLOUT, "example-1", 0, 0, "SCORED", 1.0, "391"),
						row("1f1e2d3c-4b5a-4968-8776-655443322111", "example-1", 0, 1, "SCORED", 1.0, "391"),
						row("2f1e2d3c-4b5a-4968-8776-655443322112", "example-2", 1, 0, "SCORED", 0.0, "14"),
						row("3f1e2d3c-4b5a-4968-8776-655443322113", "example-2", 1, 1, "FAILED", null, null)));
	}

	private static Map<String, Object> summary() {
		Map<String, Object> summary = new java.util.LinkedHashMap<>(row(ROLLOUT, "example-1", 0, 0, "SCORED", 1.0, null));
		summary.remove("extractedAnswer");
		summary.put("jobId", JOB);
		summary.put("environment", "calculator-arithmetic@1.0.0");
		summary.put("trainable", true);
		summary.put("finishReason", "stop");
		summary.put("turns", 2);
		summary.put("updatedAt", "2026-11-22T06:01:00Z");
		return summary;
	}

	/** A RolloutDetail: messages as Gauntlet's ChatMessage records, turns token in and token out. */
	private static Map<String, Object> rollout() {
		Map<String, Object> detail = new java.util.LinkedHashMap<>();
		detail.put("rollout", summary());
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
		Map<String, Object> m = new java.util.LinkedHashMap<>();
		m.put("role", role);
		m.put("content", content);
		m.put("toolCalls", toolCalls);
		m.put("toolCallId", toolCallId);
		m.put("name", null);
		return m;
	}

	private static List<Map<String, Object>> steps() {
		List<Map<String, Object>> steps = new java.util.ArrayList<>();
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
