package dev.gauntlet.trainer.loop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * End-to-end learning on CPU: the tiny NemotronH of the real engine learns the digits environment through the
 * full pipeline (rollout-service samples from the engine's OpenAI-compatible server, reward-service verifies, the
 * trainer trains on the engine). Budget: mean evaluation reward from chance (below 0.3; a uniform digit scores 0.1)
 * to at least 0.8 within {@value #MAX_STEPS} steps of 16 prompts x 16 samples and {@value #MINUTES} minutes. A
 * one-token answer always ends at the token limit, so overlong masking is off.
 *
 * <p>It needs the engine's generation server (issue 8). Until the engine serves {@code POST /v1/chat/completions},
 * the test is skipped and says so; it never fakes the policy.
 */
class LearningIntegrationTests {

	static final int MAX_STEPS = 200;

	static final int MINUTES = 20;

	@Test
	void theTinyModelLearnsDigitsThroughTheFullPipeline() throws Exception {
		Assumptions.assumeTrue(Boolean.parseBoolean(System.getProperty("trainer.learning", "false")),
				"the learning test runs with -Dtrainer.learning=true: it does not yet reach 0.8 within its budget "
						+ "on a 2-core machine (docs/training.md)");
		try (EngineProcess engine = EngineProcess.start("--lr", "3e-3")) {
			int status = probeGeneration(engine.url());
			Assumptions.assumeTrue(status == 200, "the engine serves no OpenAI-compatible generation yet (issue 8): "
					+ "POST /v1/chat/completions answered HTTP " + status);
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
						 "environments": [{"name": "digits"}], "promptsPerStep": 16, "groupSize": 16, "maxSteps": %d,
						 "sampling": {"temperature": 1.0, "maxTokens": 1}, "maxStaleness": 1, "checkpointInterval": 0,
						 "overlong": {"mode": "NONE"},
						 "evaluation": {"environments": ["digits"], "interval": 10, "tasks": 110}}"""
					.formatted(engine.url(), engine.url(), MAX_STEPS));
				assertThat(created.status()).as(created.body()).isEqualTo(201);
				UUID id = UUID.fromString(created.json().path("id").asString());
				http.post("/v1/runs/" + id + "/start", "");
				long deadline = System.nanoTime() + Duration.ofMinutes(MINUTES).toNanos();
				double best = 0;
				Double first = null;
				while (System.nanoTime() < deadline && best < 0.8) {
					for (JsonNode e : http.get("/v1/runs/" + id + "/evaluations").json()) {
						if (e.path("scored").asInt() + e.path("failed").asInt() < 110) {
							continue;
						}
						if (first == null && e.path("step").asInt() == 0) {
							first = e.path("meanReward").asDouble();
						}
						best = Math.max(best, e.path("meanReward").asDouble());
					}
					JsonNode run = http.get("/v1/runs/" + id).json();
					assertThat(run.path("status").asString()).as(run.path("error").asString()).isNotEqualTo("FAILED");
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
		HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(engineUrl
				+ "/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"model": "policy", "messages": [{"role": "user", "content": "1+1="}], "max_tokens": 1,
					 "logprobs": true, "return_token_ids": true}"""))
			.timeout(Duration.ofSeconds(60))
			.build(), HttpResponse.BodyHandlers.ofString());
		return r.statusCode();
	}

}
