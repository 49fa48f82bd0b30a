package dev.gauntlet.trainer.loop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.gauntlet.environment.service.EnvironmentServiceApplication;
import dev.gauntlet.reward.RewardServiceApplication;
import dev.gauntlet.rollout.RolloutServiceApplication;
import dev.gauntlet.testing.Http;
import dev.gauntlet.trainer.engine.EngineProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end learning on CPU: a tiny NemotronH (one Mamba-2, one attention and one MoE layer, 128 wide,
 * {@code learning/digits-model.json}) on the real engine learns the digits environment through the full pipeline:
 * rollout-service samples from the engine's OpenAI-compatible server, reward-service verifies, the trainer trains
 * on the engine. Budget: the mean evaluation reward (all 110 tasks, sampled at temperature 1) from chance (below
 * 0.3; the untrained model spreads its mass over 128 tokens) to at least 0.8 within {@value #MAX_STEPS} steps of
 * 64 prompts x 16 samples and {@value #MINUTES} minutes. A one-token answer always ends at the token limit, so
 * overlong masking is off.
 */
class LearningIntegrationTests {

	static final int MAX_STEPS = 250;

	static final int MINUTES = 25;

	@Test
	void theTinyModelLearnsDigitsThroughTheFullPipeline() throws Exception {
		Assumptions.assumeTrue(Boolean.parseBoolean(System.getProperty("trainer.learning", "true")),
				"skipped with -Dtrainer.learning=false");
		// on by default, so it must not skip quietly when the engine cannot run
		assertThat(EngineProcess.requirementsImportable()).as("python (-Dengine.python) imports torch and aiohttp")
			.isTrue();
		Path model = Path.of(LearningIntegrationTests.class.getResource("/learning/digits-model.json").toURI());
		try (EngineProcess engine = EngineProcess.start("--model-config", model.toString(), "--lr", "1e-3")) {
			assertThat(probeGeneration(engine.url())).as("the engine's POST /v1/chat/completions").isEqualTo(200);
			List<ConfigurableApplicationContext> contexts = new ArrayList<>();
			try {
				var environments = PipelineIntegrationTests.start(contexts, EnvironmentServiceApplication.class,
						EnvironmentServiceApplication.NAME);
				String envUrl = "http://127.0.0.1:" + TrainerContexts.port(environments);
				PipelineIntegrationTests.start(contexts, RewardServiceApplication.class, RewardServiceApplication.NAME,
						"--gauntlet.reward.environment-service-url=" + envUrl);
				var rollouts = PipelineIntegrationTests.start(contexts, RolloutServiceApplication.class,
						RolloutServiceApplication.NAME, "--gauntlet.rollout.environment-service-url=" + envUrl);
				var trainer = TrainerContexts.start("http://127.0.0.1:" + TrainerContexts.port(rollouts));
				contexts.add(trainer);
				Http http = Http.localhost(TrainerContexts.port(trainer));
				Http.Reply created = http.post("/v1/runs", """
						{"name": "digits-cpu", "policy": {"baseUrl": "%s/v1", "model": "policy"}, "engineUrl": "%s",
						 "environments": [{"name": "digits"}], "promptsPerStep": 64, "groupSize": 16, "maxSteps": %d,
						 "sampling": {"temperature": 1.0, "maxTokens": 1}, "maxStaleness": 1, "checkpointInterval": 0,
						 "overlong": {"mode": "NONE"}, "dynamicSampling": {"oversample": 1.5},
						 "evaluation": {"environments": ["digits"], "interval": 10, "tasks": 110}}"""
					.formatted(engine.url(), engine.url(), MAX_STEPS));
				assertThat(created.status()).as(created.body()).isEqualTo(201);
				UUID id = UUID.fromString(created.json().path("id").asString());
				http.post("/v1/runs/" + id + "/start", "");
				long deadline = System.nanoTime() + Duration.ofMinutes(MINUTES).toNanos();
				long started = System.nanoTime();
				double best = 0;
				Double first = null;
				Set<Integer> reported = new HashSet<>();
				boolean completed = false;
				while (System.nanoTime() < deadline && best < 0.8 && !completed) {
					for (JsonNode e : http.get("/v1/runs/" + id + "/evaluations").json()) {
						if (e.path("scored").asInt() + e.path("failed").asInt() < 110) {
							continue;
						}
						int step = e.path("step").asInt();
						if (first == null && step == 0) {
							first = e.path("meanReward").asDouble();
						}
						best = Math.max(best, e.path("meanReward").asDouble());
						if (reported.add(step)) { // progress in the test's output: the budget is minutes long
							System.out.printf("learning: step %d evaluation %.3f after %.0f s%n", step,
									e.path("meanReward").asDouble(), (System.nanoTime() - started) / 1e9);
						}
					}
					JsonNode run = http.get("/v1/runs/" + id).json();
					assertThat(run.path("status").asString()).as(run.path("error").asString()).isNotEqualTo("FAILED");
					completed = run.path("status").asString().equals("COMPLETED"); // read its evaluations, then stop
					Thread.sleep(2000);
				}
				http.post("/v1/runs/" + id + "/stop", "");
				assertThat(first).as("the untrained policy's evaluation").isNotNull().isLessThan(0.3);
				assertThat(best).as("best evaluation within %s steps and %s minutes", MAX_STEPS, MINUTES)
					.isGreaterThanOrEqualTo(0.8);
			}
			finally {
				for (int i = contexts.size() - 1; i >= 0; i--) {
					contexts.get(i).close();
				}
			}
		}
	}

	private static int probeGeneration(String engineUrl) throws Exception {
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(engineUrl + "/v1/chat/completions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"model": "policy", "messages": [{"role": "user", "content": "1+1="}], "max_tokens": 1,
						 "logprobs": true, "return_token_ids": true}"""))
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofString());
			return r.statusCode();
		}
	}

}
