package dev.gauntlet.trainer.loop;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.PolicyUpdated;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.SharedInfrastructure;
import dev.gauntlet.testing.TopicReader;
import dev.gauntlet.trainer.engine.EngineDouble;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the trainer at each dangerous point of the loop, one after the other, restarting it in between (a new
 * Spring context on the same real PostgreSQL and Kafka; the engine, like a real one, survives). At the end no
 * scored rollout of a recorded job is missing, none was trained twice, and the engine applied exactly one update
 * per step.
 */
class CrashRecoveryIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(90);

	static final int STEPS = 14;

	/** What {@code kill -9} does to the thread that reaches the point: it stops there, with no cleanup. */
	static final class SimulatedCrash extends Error {

		SimulatedCrash(String point) {
			super("simulated crash at " + point);
		}

	}

	/** Crashes at the armed point on its {@code skip + 1}-th arrival, once. */
	static final class CrashAt implements CrashPoints {

		static volatile @Nullable String point;

		static final AtomicInteger skip = new AtomicInteger();

		static volatile CountDownLatch crashed = new CountDownLatch(1);

		static void arm(@Nullable String p, int skipFirst) {
			skip.set(skipFirst);
			crashed = new CountDownLatch(1);
			point = p;
		}

		@Override
		public void reach(String p) {
			if (p.equals(point) && crashed.getCount() > 0 && skip.getAndDecrement() <= 0) {
				point = null;
				crashed.countDown();
				throw new SimulatedCrash(p);
			}
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CrashConfiguration {

		@Bean
		@Primary
		CrashPoints crashAt() {
			return new CrashAt();
		}

	}

	@Test
	void aTrainerKilledAtEachDangerousPointResumesWithNoRolloutLostOrTrainedTwice() throws Exception {
		List<String> points = List.of(CrashPoints.AFTER_ROLLOUT_REQUEST, CrashPoints.INTAKE_BEFORE_COMMIT,
				CrashPoints.AFTER_PREPARE, CrashPoints.AFTER_ENGINE_STEP, CrashPoints.AFTER_CHECKPOINT,
				CrashPoints.BEFORE_APPLY_COMMIT);
		try (EngineDouble engine = EngineDouble.start(1 << 20);
				RolloutServiceDouble rollouts = new RolloutServiceDouble(SharedInfrastructure.get().kafkaBootstrapServers())) {
			UUID id = null;
			for (String point : points) {
				CrashAt.arm(point, 1);
				ConfigurableApplicationContext trainer = TrainerContexts.start(rollouts.url(), CrashConfiguration.class);
				try {
					Http http = Http.localhost(TrainerContexts.port(trainer));
					if (id == null) {
						id = create(http, engine.url());
					}
					assertThat(CrashAt.crashed.await(WAIT.toSeconds(), TimeUnit.SECONDS))
						.as("the trainer reached %s", point)
						.isTrue();
				}
				finally {
					trainer.close();
				}
			}
			assertThat(engine.version()).as("some steps before the last crash").isPositive().isLessThan(STEPS);

			CrashAt.arm(null, 0);
			ConfigurableApplicationContext trainer = TrainerContexts.start(rollouts.url(), CrashConfiguration.class);
			try {
				Http http = Http.localhost(TrainerContexts.port(trainer));
				JdbcClient db = trainer.getBean(JdbcClient.class);
				UUID run = id;
				TrainerContexts.await(WAIT, "the run to finish",
						() -> http.get("/v1/runs/" + run).json().path("status").asString().equals("FINISHED"));

				// exactly one engine update per step: none lost, none applied twice
				assertThat(engine.steps()).extracting(EngineDouble.Step::version)
					.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, STEPS).boxed().toList());
				assertThat(http.get("/v1/runs/" + run).json().path("policyVersion").asLong()).isEqualTo(STEPS);

				// no rollout trained twice, and the engine trained exactly what the database recorded as trained
				Set<List<Integer>> trained = new HashSet<>();
				engine.steps().forEach(s -> s.sequences().forEach(seq -> assertThat(trained.add(seq))
					.as("trained twice: %s", seq).isTrue()));
				assertThat(trained).hasSize(db.sql("SELECT count(*) FROM sample WHERE run_id = ? AND disposition IN "
						+ "('TRAINED', 'MASKED_TRUNCATED')").param(run).query(Integer.class).single());

				// no rollout of a recorded job lost: every one published is stored, once. The double may still be
				// publishing a job requested before the run finished, so let it finish before taking the tally.
				rollouts.awaitPublished(WAIT);
				Set<UUID> recorded = new HashSet<>(db.sql("SELECT job_id FROM rollout_request WHERE run_id = ?")
					.param(run).query(UUID.class).list());
				Set<UUID> expected = new HashSet<>();
				rollouts.published().stream().filter(p -> recorded.contains(p.jobId())).forEach(p -> expected.add(p.rolloutId()));
				Supplier<Set<UUID>> stored = () -> new HashSet<>(db.sql("SELECT rollout_id FROM sample WHERE run_id = ?")
					.param(run).query(UUID.class).list());
				try {
					TrainerContexts.await(WAIT, "every published rollout to be stored",
							() -> stored.get().containsAll(expected));
				}
				catch (AssertionError ex) {
					Set<UUID> now = stored.get();
					var missingJobs = rollouts.published().stream()
						.filter(p -> expected.contains(p.rolloutId()) && !now.contains(p.rolloutId()))
						.collect(Collectors.groupingBy(RolloutServiceDouble.Published::jobId, Collectors.counting()));
					throw new AssertionError(ex.getMessage() + "; missing per job " + missingJobs + " of recorded jobs "
							+ db.sql("SELECT job_id, requested_at FROM rollout_request WHERE run_id = ? ORDER BY requested_at")
								.param(run).query().listOfRows(), ex);
				}
				assertThat(stored.get()).as("stored rollouts are the recorded jobs' published ones, no others")
					.isEqualTo(expected);
				assertThat(db.sql("SELECT count(*) FROM sample WHERE run_id = ?").param(run).query(Integer.class).single())
					.as("each stored once").isEqualTo(expected.size());

				// the job requested just before the first crash was never recorded, so its rollouts are foreign
				assertThat(rollouts.requests().size()).isGreaterThan(recorded.size());

				// recovered steps are marked, and every step's policy update and checkpoint is recorded
				var steps = http.get("/v1/runs/" + run + "/steps").json();
				assertThat(steps).hasSize(STEPS);
				// three crash points fall between the engine's update and its record; a crash in another thread can
				// stop the run's worker there too, when its context closes mid-step
				assertThat(steps.valueStream().filter(s -> s.path("metrics").path("engineMetricsLost").asBoolean()))
					.hasSizeBetween(3, points.size());
				assertThat(http.get("/v1/runs/" + run + "/checkpoints").json()).hasSize(STEPS);
				Set<Long> announced = new HashSet<>();
				TopicReader.read(SharedInfrastructure.get().kafkaBootstrapServers(), Topics.POLICY_UPDATED, recs -> {
					announced.clear();
					recs.stream()
						.filter(r -> r.key().equals(run.toString()))
						.map(r -> EventCodec.decode(r.value(), PolicyUpdated.class))
						.forEach(u -> {
							assertThat(u.policyVersion()).isEqualTo(u.step());
							announced.add(u.step());
						});
					return announced.size() == STEPS;
				}, WAIT);
				assertThat(announced).hasSize(STEPS);
			}
			finally {
				trainer.close();
			}
		}
	}

	private static UUID create(Http http, String engineUrl) {
		Http.Reply created = http.post("/v1/runs", """
				{"name": "crash", "policy": {"baseUrl": "http://127.0.0.1:9/v1", "model": "tiny"}, "engineUrl": "%s",
				 "environments": [{"name": "digits"}], "promptsPerStep": 2, "groupSize": 4, "maxSteps": %d,
				 "checkpointInterval": 1, "maxStaleness": 2}""".formatted(engineUrl, STEPS));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		UUID id = UUID.fromString(created.json().path("id").asString());
		assertThat(http.post("/v1/runs/" + id + "/start", "").status()).isEqualTo(200);
		return id;
	}

}
