package dev.gauntlet.trainer.loop;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.PolicyUpdated;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.SharedInfrastructure;
import dev.gauntlet.testing.TopicReader;
import dev.gauntlet.trainer.engine.EngineDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer over real HTTP, PostgreSQL and Kafka, against test doubles of the engine's HTTP API and of
 * rollout-service + reward-service (which publish real scored and failed records).
 */
class TrainingLoopIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(60);

	static RolloutServiceDouble rollouts;

	static ConfigurableApplicationContext trainer;

	static Http http;

	static JdbcClient db;

	@BeforeAll
	static void start() throws Exception {
		rollouts = new RolloutServiceDouble(SharedInfrastructure.get().kafkaBootstrapServers());
		trainer = TrainerContexts.start(rollouts.url());
		http = Http.localhost(TrainerContexts.port(trainer));
		db = trainer.getBean(JdbcClient.class);
	}

	@AfterAll
	static void stop() {
		trainer.close();
		rollouts.close();
	}

	static String config(String engineUrl, String extra) {
		return """
				{"name": "test", "policy": {"baseUrl": "http://127.0.0.1:9/v1", "model": "tiny"}, "engineUrl": "%s",
				 "environments": [{"name": "digits", "weight": 3}, {"name": "gsm8k", "weight": 1}],
				 "promptsPerStep": 2, "groupSize": 4, "maxSteps": 3, "advantage": {"stdNormalization": "NONE"} %s}"""
			.formatted(engineUrl, extra);
	}

	static UUID create(String json) {
		Http.Reply reply = http.post("/v1/runs", json);
		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		return UUID.fromString(reply.json().path("id").asString());
	}

	static JsonNode run(UUID id) {
		return http.get("/v1/runs/" + id).json();
	}

	static void awaitStatus(UUID id, String status) {
		TrainerContexts.await(WAIT, "run " + id + " to be " + status, () -> {
			JsonNode r = run(id);
			if (r.path("status").asString().equals("FAILED") && !status.equals("FAILED")) {
				throw new AssertionError("run failed: " + r.path("error").asString());
			}
			return r.path("status").asString().equals(status);
		});
	}

	@Test
	void aRunTrainsEachStepOnceThroughTheEngineAndPublishesEveryPolicyVersion() {
		try (EngineDouble engine = EngineDouble.start(1 << 20)) {
			UUID id = create(config(engine.url(), """
					, "checkpointInterval": 2, "overlong": {"mode": "MASK"},
					  "evaluation": {"environments": ["digits"], "interval": 2, "tasks": 2},
					  "reasoning": {"budgets": [64, 128], "offRatio": 0.25}"""));
			assertThat(http.post("/v1/runs/" + id + "/start", "").status()).isEqualTo(200);
			awaitStatus(id, "FINISHED");

			// three steps, each of 2 complete groups, trained once
			assertThat(engine.steps()).extracting(EngineDouble.Step::version).containsExactly(1L, 2L, 3L);
			Set<List<Integer>> seen = new HashSet<>();
			for (EngineDouble.Step step : engine.steps()) {
				for (List<Integer> seq : step.sequences()) {
					assertThat(seen.add(seq)).as("trained twice: %s", seq).isTrue();
				}
				assertThat(step.loss().path("eps_high").asDouble()).isEqualTo(0.28);
			}
			// what the engine trained is exactly what the database says was trained
			int trainedRows = db.sql("SELECT count(*) FROM sample WHERE run_id = ? AND disposition IN "
					+ "('TRAINED', 'MASKED_TRUNCATED')").param(id).query(Integer.class).single();
			assertThat(seen).hasSize(trainedRows);
			JsonNode r = run(id);
			assertThat(r.path("step").asLong()).isEqualTo(3);
			assertThat(r.path("policyVersion").asLong()).isEqualTo(3);
			// drops are counted by kind
			assertThat(r.path("samples").path("ZERO_VARIANCE").asLong()).isPositive();
			assertThat(r.path("samples").path("FAILED").asLong() + r.path("samples").path("TEXT_ONLY").asLong())
				.isPositive();
			// checkpoint at step 2
			assertThat(engine.checkpoints()).containsExactly("run-" + id + "-step-2");
			JsonNode checkpoints = http.get("/v1/runs/" + id + "/checkpoints").json();
			assertThat(checkpoints.get(0).path("step").asLong()).isEqualTo(2);
			// per-step metrics for the UI
			JsonNode steps = http.get("/v1/runs/" + id + "/steps").json();
			assertThat(steps).hasSize(3);
			JsonNode m = steps.get(0).path("metrics");
			for (String key : List.of("waitingSeconds", "trainSeconds", "publishSeconds", "rewardByEnvironment",
					"clipFraction", "kl", "entropy", "zeroVarianceFraction", "truncationRate", "stalenessMean",
					"tokensPerSecond", "accuracyByBudget", "samplesByDisposition")) {
				assertThat(m.has(key)).as("metric %s in %s", key, m).isTrue();
			}
			assertThat(m.path("clipFraction").asDouble()).isEqualTo(0.125);
			// policy versions announced, with the checkpoint reference at step 2
			var updates = TopicReader.read(SharedInfrastructure.get().kafkaBootstrapServers(), Topics.POLICY_UPDATED,
					recs -> recs.stream().filter(rec -> rec.key().equals(id.toString())).count() >= 3, WAIT)
				.stream()
				.filter(rec -> rec.key().equals(id.toString()))
				.map(rec -> EventCodec.decode(rec.value(), PolicyUpdated.class))
				.toList();
			assertThat(updates).extracting(PolicyUpdated::policyVersion).containsExactly(1L, 2L, 3L);
			assertThat(updates.get(1).checkpoint()).isEqualTo("/checkpoints/run-" + id + "-step-2");
			assertThat(updates.get(0).model()).isEqualTo("tiny");
			// rollouts were requested with the mix, the budgets and token ids
			List<JsonNode> jobs = rollouts.requests()
				.stream()
				.filter(j -> db.sql("SELECT count(*) FROM rollout_request WHERE run_id = ? AND environment = ? "
						+ "AND groups = ?").params(id, j.path("environment").asString(), j.path("tasks").asInt())
					.query(Integer.class).single() > 0)
				.toList();
			assertThat(jobs).isNotEmpty();
			assertThat(jobs).allSatisfy(j -> {
				assertThat(j.path("samplesPerTask").asInt()).isIn(4, 1);
				assertThat(j.path("policy").path("tokenIds").asBoolean()).isTrue();
			});
			assertThat(jobs).anySatisfy(j -> assertThat(j.path("reasoning").path("mode").asString()).isEqualTo("on"));
			// evaluations at steps 0 and 2, and accuracy by budget
			TrainerContexts.await(WAIT, "evaluations", () -> http.get("/v1/runs/" + id + "/evaluations").json().size() >= 2);
			JsonNode evals = http.get("/v1/runs/" + id + "/evaluations").json();
			assertThat(evals.get(0).path("step").asLong()).isZero();
			assertThat(evals.get(1).path("step").asLong()).isEqualTo(2);
			JsonNode budgets = http.get("/v1/runs/" + id + "/budget-accuracy").json();
			assertThat(budgets).isNotEmpty();
			assertThat(budgets.get(0).has("accuracy")).isTrue();
		}
	}

	@Test
	void anEngineOutageIsRetriedAndTheStepAppliedOnce() {
		try (EngineDouble engine = EngineDouble.start(1 << 20)) {
			engine.failNextTrainSteps(2);
			UUID id = create(config(engine.url(), ", \"maxSteps\": 1"));
			http.post("/v1/runs/" + id + "/start", "");
			awaitStatus(id, "FINISHED");
			assertThat(engine.steps()).hasSize(1);
		}
	}

	@Test
	void anEngineThatRefusesTheBatchFailsTheRunWithItsReason() {
		try (EngineDouble engine = EngineDouble.start(100)) { // the double's completion ids are >= 100
			UUID id = create(config(engine.url(), ""));
			http.post("/v1/runs/" + id + "/start", "");
			awaitStatus(id, "FAILED");
			assertThat(run(id).path("error").asString()).contains("input_ids must lie in [0, 100)");
			assertThat(engine.steps()).isEmpty();
		}
	}

	@Test
	void runsMoveOnlyThroughValidTransitions() {
		try (EngineDouble engine = EngineDouble.start(1 << 20)) {
			UUID id = create(config(engine.url(), ", \"maxSteps\": 1000"));
			assertThat(http.post("/v1/runs/" + id + "/resume", "").status()).isEqualTo(409);
			assertThat(http.post("/v1/runs/" + id + "/start", "").status()).isEqualTo(200);
			UUID other = create(config(engine.url(), ""));
			Http.Reply busy = http.post("/v1/runs/" + other + "/start", "");
			assertThat(busy.status()).isEqualTo(409);
			assertThat(busy.body()).contains("already training the engine");
			TrainerContexts.await(WAIT, "a step", () -> !engine.steps().isEmpty());
			assertThat(http.post("/v1/runs/" + id + "/pause", "").json().path("status").asString()).isEqualTo("PAUSED");
			assertThat(http.post("/v1/runs/" + id + "/pause", "").status()).isEqualTo(409);
			assertThat(http.post("/v1/runs/" + id + "/resume", "").json().path("status").asString()).isEqualTo("RUNNING");
			assertThat(http.post("/v1/runs/" + id + "/stop", "").json().path("status").asString()).isEqualTo("STOPPED");
			assertThat(http.post("/v1/runs/" + id + "/start", "").status()).isEqualTo(409);
			http.post("/v1/runs/" + other + "/stop", "");
		}
	}

	@Test
	void hostileConfigurationsAreRefusedNamingTheField() {
		Http.Reply reply = http.post("/v1/runs", config("http://127.0.0.1:1", ", \"groupSize\": 1, \"loss\": {\"epsLow\": 7}"));
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.contentType()).contains("application/problem+json");
		List<String> fields = reply.json().path("errors").valueStream().map(e -> e.path("field").asString()).toList();
		assertThat(fields).contains("groupSize", "loss.epsLow");

		Http.Reply badEnum = http.post("/v1/runs", config("http://127.0.0.1:1", ", \"advantage\": {\"baseline\": \"MAGIC\"}"));
		assertThat(badEnum.status()).isEqualTo(400);
		assertThat(badEnum.body()).contains("advantage.baseline");

		assertThat(http.post("/v1/runs", "[1, 2").status()).isEqualTo(400);
		assertThat(http.get("/v1/runs/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(http.get("/v1/runs/not-a-uuid").status()).isEqualTo(400);
	}

	@Test
	void recordsThatAreNotEventsAreDeadLetteredAndTheIntakeGoesOn() {
		rollouts.publishGarbage(Topics.ROLLOUTS_SCORED);
		var letters = TopicReader.read(SharedInfrastructure.get().kafkaBootstrapServers(),
				Topics.deadLetter(Topics.ROLLOUTS_SCORED), recs -> !recs.isEmpty(), WAIT);
		assertThat(letters).isNotEmpty();
		try (EngineDouble engine = EngineDouble.start(1 << 20)) {
			UUID id = create(config(engine.url(), ", \"maxSteps\": 1"));
			http.post("/v1/runs/" + id + "/start", "");
			awaitStatus(id, "FINISHED");
		}
	}

	static Map<String, Object> unused() {
		return Map.of();
	}

}
