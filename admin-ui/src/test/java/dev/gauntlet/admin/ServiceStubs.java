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
 * Stand-ins for rollout-service and policy-trainer in the browser tests, serving fixed JSON in the shapes the UI
 * reads: a job with rollouts (today's {@code GET /v1/jobs/{id}}), a multi-turn rollout with thinking and a tool
 * call ({@code GET /v1/rollouts/{id}}), and a run with metrics ({@code GET /v1/runs}, {@code /v1/runs/{id}/metrics}).
 * The numbers are test fixtures, not results.
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
			case "/v1/runs/" + RUN + "/metrics" -> metrics();
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
				Map.of("SCORED", 3, "FAILED", 1, "PENDING", 0, "COMPLETED", 0), "meanReward", 0.667, "createdAt",
				"2026-11-22T06:00:00Z", "rollouts",
				List.of(row(ROLLOUT, "example-1", 0, 0, "SCORED", 1.0, "391"),
						row("1f1e2d3c-4b5a-4968-8776-655443322111", "example-1", 0, 1, "SCORED", 1.0, "391"),
						row("2f1e2d3c-4b5a-4968-8776-655443322112", "example-2", 1, 0, "SCORED", 0.0, "14"),
						row("3f1e2d3c-4b5a-4968-8776-655443322113", "example-2", 1, 1, "FAILED", null, null)));
	}

	private static Map<String, Object> rollout() {
		Map<String, Object> rollout = new java.util.LinkedHashMap<>(row(ROLLOUT, "example-1", 0, 0, "SCORED", 1.0, "391"));
		rollout.put("jobId", JOB);
		rollout.put("environment", "calculator-arithmetic@1.0.0");
		rollout.put("rewardComponents", Map.of("correct", 1.0, "length_penalty", 0.0));
		rollout.put("messages", List.of(
				Map.of("role", "system", "content", "Solve the arithmetic problem. You may call the calculator tool."),
				Map.of("role", "user", "content", "A crate holds 17 rows of 23 apples. How many apples?"),
				Map.of("role", "assistant", "content",
						"<think>17 rows of 23: multiply. Let me use the calculator to be exact.</think>",
						"tool_calls", List.of(Map.of("id", "call_1", "type", "function", "function",
								Map.of("name", "calculator", "arguments", "{\"expression\": \"17 * 23\"}")))),
				Map.of("role", "tool", "tool_call_id", "call_1", "name", "calculator", "content", "391"),
				Map.of("role", "assistant", "content", "<think>The tool says 391.</think>There are 391 apples.\nAnswer: 391")));
		rollout.put("turns", List.of(
				Map.of("promptTokenIds", List.of(1, 2, 3, 4, 5, 6, 7, 8), "completionTokenIds", List.of(9, 10, 11, 12),
						"completionMask", "SSSS", "thinkingTokens", 3),
				Map.of("promptTokenIds", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), "completionTokenIds",
						List.of(14, 15, 16, 17, 18), "completionMask", "SSFSS", "thinkingTokens", 2)));
		return rollout;
	}

	private static List<Map<String, Object>> metrics() {
		List<Map<String, Object>> points = new java.util.ArrayList<>();
		for (int step = 0; step <= 40; step += 4) {
			points.add(Map.of("step", step, "environment", "gsm8k", "meanReward", 0.35 + 0.012 * step,
					"meanResponseTokens", 620 - 4 * step));
			points.add(Map.of("step", step, "environment", "calculator-arithmetic", "meanReward", 0.5 + 0.01 * step,
					"meanResponseTokens", 300 + step));
		}
		int[] budgets = { 0, 256, 512, 1024, 2048 };
		double[] accuracy = { 0.41, 0.55, 0.63, 0.70, 0.72 };
		for (int i = 0; i < budgets.length; i++) {
			points.add(Map.of("step", 40, "thinkingBudget", budgets[i], "accuracy", accuracy[i]));
		}
		return points;
	}

}
