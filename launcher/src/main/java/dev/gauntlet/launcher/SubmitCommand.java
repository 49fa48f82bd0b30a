package dev.gauntlet.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gauntlet submit}: submits a rollout job to rollout-service and, with {@code --wait}, prints one JSON
 * document with the job's outcome.
 */
@Command(name = "submit", description = "Submit a rollout job and, with --wait, print its outcome as JSON.")
final class SubmitCommand implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Option(names = "--env", required = true, description = "Environment name, for example gsm8k.")
	String environment;

	@Option(names = "--tasks", defaultValue = "4", description = "Number of tasks (default: ${DEFAULT-VALUE}).")
	int tasks;

	@Option(names = "--samples", defaultValue = "4", description = "Samples per task, the GRPO group size (default: ${DEFAULT-VALUE}).")
	int samples;

	@Option(names = "--seed", defaultValue = "0", description = "Seed of the task selection.")
	long seed;

	@Option(names = "--policy-url", required = true, description = "OpenAI-compatible base URL, for example http://localhost:8000/v1.")
	String policyUrl;

	@Option(names = "--model", required = true, description = "Model name sent to the policy.")
	String model;

	@Option(names = "--temperature", defaultValue = "1.0")
	double temperature;

	@Option(names = "--max-tokens", defaultValue = "1024")
	int maxTokens;

	@Option(names = "--wait", description = "Wait for the job to finish and print its outcome.")
	boolean await;

	@Option(names = "--timeout", defaultValue = "3600", description = "Seconds to wait with --wait.")
	long timeoutSeconds;

	@Option(names = "--rollout-service", defaultValue = "http://localhost:8082")
	String rolloutService;

	private final HttpClient http = HttpClient.newHttpClient();

	@Override
	public Integer call() throws Exception {
		Map<String, Object> job = new LinkedHashMap<>();
		job.put("environment", environment);
		job.put("tasks", tasks);
		job.put("seed", seed);
		job.put("samplesPerTask", samples);
		job.put("policy", Map.of("baseUrl", policyUrl, "model", model));
		job.put("sampling", Map.of("temperature", temperature, "maxTokens", maxTokens));
		HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(rolloutService + "/v1/jobs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(job))));
		if (created.statusCode() != 202) {
			System.err.println("rollout-service refused the job (HTTP " + created.statusCode() + "): " + created.body());
			return 1;
		}
		String jobId = JSON.readTree(created.body()).get("id").asString();
		if (!await) {
			System.out.println(JSON.writeValueAsString(Map.of("jobId", jobId)));
			return 0;
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
		JsonNode view;
		do {
			Thread.sleep(500);
			view = JSON.readTree(send(HttpRequest.newBuilder(URI.create(rolloutService + "/v1/jobs/" + jobId)).GET()).body());
		}
		while (!"COMPLETED".equals(view.path("status").asString()) && System.nanoTime() < deadline);
		System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary(jobId, view)));
		return "COMPLETED".equals(view.path("status").asString()) ? 0 : 3;
	}

	static Map<String, Object> summary(String jobId, JsonNode view) {
		List<Map<String, Object>> rollouts = new ArrayList<>();
		for (JsonNode r : view.path("rollouts")) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("taskId", r.path("taskId").asString());
			row.put("sampleIndex", r.path("sampleIndex").asInt());
			row.put("status", r.path("status").asString());
			row.put("reward", r.path("reward").isNumber() ? r.path("reward").asDouble() : null);
			if (r.path("failureCause").isString()) {
				row.put("failureCause", r.path("failureCause").asString());
			}
			rollouts.add(row);
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("jobId", jobId);
		out.put("status", view.path("status").asString());
		out.put("scored", view.path("counts").path("SCORED").asLong(0));
		out.put("failed", view.path("counts").path("FAILED").asLong(0));
		out.put("meanReward", view.path("meanReward").isNumber() ? view.path("meanReward").asDouble() : null);
		out.put("rollouts", rollouts);
		return out;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
