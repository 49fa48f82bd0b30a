package dev.gauntlet.trainer.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gauntlet.environment.service.EnvironmentServiceApplication;
import dev.gauntlet.reward.RewardServiceApplication;
import dev.gauntlet.rollout.RolloutServiceApplication;
import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.testing.OpenAiStub;
import dev.gauntlet.trainer.engine.EngineDouble;
import dev.gauntlet.web.GauntletService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path with the real services: the trainer requests jobs from rollout-service, which samples the digits
 * environment from environment-service against a policy (an OpenAI-protocol stub that answers right every other
 * time, with token ids and logprobs, reporting the engine's current weights version); reward-service verifies and
 * publishes scored rollouts; the trainer builds GRPO batches and trains them on an engine double. Only generation
 * and the model are stand-ins.
 */
class PipelineIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(90);

	@Test
	void theTrainerTrainsOnRolloutsScoredByTheRealServices() {
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		try (EngineDouble engine = EngineDouble.start(1 << 20);
				OpenAiStub policy = OpenAiStub.start(request -> answer(request, calls.getAndIncrement(), engine))) {
			var environments = start(contexts, EnvironmentServiceApplication.class, EnvironmentServiceApplication.NAME);
			String envUrl = "http://127.0.0.1:" + TrainerContexts.port(environments);
			start(contexts, RewardServiceApplication.class, RewardServiceApplication.NAME,
					"--gauntlet.reward.environment-service-url=" + envUrl);
			var rollouts = start(contexts, RolloutServiceApplication.class, RolloutServiceApplication.NAME,
					"--gauntlet.rollout.environment-service-url=" + envUrl);
			var trainer = TrainerContexts.start("http://127.0.0.1:" + TrainerContexts.port(rollouts));
			contexts.add(trainer);
			Http http = Http.localhost(TrainerContexts.port(trainer));

			Http.Reply created = http.post("/v1/runs", """
					{"name": "pipeline", "policy": {"baseUrl": "%s", "model": "stub"}, "engineUrl": "%s",
					 "environments": [{"name": "digits"}], "promptsPerStep": 2, "groupSize": 4, "maxSteps": 3,
					 "sampling": {"maxTokens": 4}, "reasoning": {"offRatio": 0.5},
					 "evaluation": {"environments": ["digits"], "interval": 3, "tasks": 4}}""".formatted(policy.baseUrl(), engine.url()));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			UUID id = UUID.fromString(created.json().path("id").asString());
			http.post("/v1/runs/" + id + "/start", "");
			TrainerContexts.await(WAIT, "the run to finish", () -> {
				JsonNode run = http.get("/v1/runs/" + id).json();
				assertThat(run.path("status").asString()).as(run.path("error").asString()).isNotEqualTo("FAILED");
				return run.path("status").asString().equals("FINISHED");
			});

			assertThat(engine.steps()).hasSize(3);
			JdbcClient db = trainer.getBean(JdbcClient.class);
			// every trained rollout was verified by the real digits verifier: half right, half wrong
			List<Double> rewards = db.sql("SELECT reward FROM sample WHERE run_id = ? AND disposition = 'TRAINED'")
				.param(id).query(Double.class).list();
			assertThat(rewards).hasSize(3 * 2 * 4).containsOnly(0.0, 1.0).contains(0.0, 1.0);
			// the engine trained the policy's exact completion tokens: one digit character each
			for (EngineDouble.Step step : engine.steps()) {
				assertThat(step.sequences()).hasSize(8);
				step.sequences().forEach(seq -> assertThat(seq.getLast()).isBetween((int) '0', (int) '9'));
			}
			// evaluations of the first and the final policy, through the same services
			TrainerContexts.await(WAIT, "both evaluations", () -> {
				JsonNode evals = http.get("/v1/runs/" + id + "/evaluations").json();
				return evals.size() == 2 && evals.get(1).path("scored").asInt() == 4;
			});
			assertThat(http.get("/v1/runs/" + id + "/evaluations").json().get(1).path("step").asInt()).isEqualTo(3);
			// reasoning on and off were both requested (rollout-service accepted the field)
			assertThat(http.get("/v1/runs/" + id + "/budget-accuracy").json().valueStream()
				.map(b -> b.path("mode").asString())).contains("on", "off");
			JsonNode steps = http.get("/v1/runs/" + id + "/steps").json();
			JsonNode digits = steps.get(0).path("metrics").path("rewardByEnvironment").path("digits");
			assertThat(digits.path("count").asInt()).isEqualTo(8);
			assertThat(digits.path("mean").asDouble()).isEqualTo(db.sql("SELECT avg(reward) FROM sample WHERE run_id = ? "
					+ "AND step = 1 AND disposition = 'TRAINED'").param(id).query(Double.class).single());
		}
		finally {
			for (int i = contexts.size() - 1; i >= 0; i--) {
				contexts.get(i).close();
			}
		}
	}

	/** Right on even calls, wrong on odd ones; reports the engine's version as the policy version. */
	static OpenAiStub.Reply answer(JsonNode request, int call, EngineDouble engine) {
		String question = OpenAiStub.lastUserMessage(request).strip();
		int a = question.charAt(0) - '0';
		int b = question.charAt(2) - '0';
		int gold = question.charAt(1) == '+' ? a + b : a - b;
		int said = call % 2 == 0 ? gold : (gold + 1) % 10;
		OpenAiStub.Reply reply = OpenAiStub.Reply.answer(request, Integer.toString(said));
		return new OpenAiStub.Reply(reply.status(),
				reply.body().replace("\"policy_version\":0", "\"policy_version\":" + engine.version()), 0, false);
	}

	static ConfigurableApplicationContext start(List<ConfigurableApplicationContext> contexts, Class<?> app,
			String name, String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--gauntlet.messaging.outbox-poll-interval=200ms"));
		all.addAll(List.of(args));
		var context = GauntletService.builder(app, name).sources(InfrastructureTestConfiguration.class)
			.run(all.toArray(String[]::new));
		contexts.add(context);
		return context;
	}

}
