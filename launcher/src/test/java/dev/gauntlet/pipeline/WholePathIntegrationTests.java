package dev.gauntlet.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.PolicyRef;
import dev.gauntlet.contracts.ReasoningStats;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.contracts.Turn;
import dev.gauntlet.environment.gsm8k.Gsm8kEnvironment;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.messaging.DeadLetters;
import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.OpenAiStub;
import dev.gauntlet.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's whole path on real PostgreSQL and Kafka: a job is POSTed to rollout-service, which selects
 * tasks from environment-service and calls a policy (an OpenAI-protocol stub over real HTTP); reward-service
 * verifies each rollout through environment-service and publishes the scored rollout; the job reads back with its
 * rewards.
 */
class WholePathIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(60);

	static ServiceStack stack;

	static OpenAiStub policy;

	static Http rollouts;

	static JdbcClient db;

	/** gsm8k question text to gold answer, read independently of the services. */
	static final Map<String, String> GOLD = new HashMap<>();

	@BeforeAll
	static void start() {
		for (Task task : new Gsm8kEnvironment().tasks().sample(1319, 0)) {
			GOLD.put(task.text("question"), task.text("answer"));
		}
		policy = OpenAiStub.start(WholePathIntegrationTests::halfRight);
		stack = ServiceStack.start("--gauntlet.rollout.policy-timeout=1500ms", "--gauntlet.rollout.policy-retries=1",
				"--gauntlet.rollout.retry-backoff=50ms");
		rollouts = Http.localhost(ServiceStack.port(stack.rollouts));
		db = stack.rollouts.getBean(JdbcClient.class);
	}

	@AfterAll
	static void stop() {
		stack.close();
		policy.close();
	}

	/** Answers correctly exactly when the question's length is even, so the expected reward is computable. */
	static OpenAiStub.Reply halfRight(JsonNode request) {
		String question = OpenAiStub.lastUserMessage(request);
		String gold = GOLD.get(question);
		String answer = expectedReward(question) == 1.0 ? gold : gold + "1";
		return OpenAiStub.Reply.answer(request, "Let me think.\n#### " + answer);
	}

	static double expectedReward(String question) {
		return question.length() % 2 == 0 ? 1.0 : 0.0;
	}

	static Map<String, Object> job(String baseUrl, int tasks, int samples) {
		return Map.of("environment", "gsm8k", "tasks", tasks, "seed", 11, "samplesPerTask", samples, "policy",
				Map.of("baseUrl", baseUrl, "model", "stub-model"), "sampling", Map.of("temperature", 0.7, "maxTokens", 256));
	}

	static UUID submit(Map<String, Object> job) {
		Http.Reply reply = rollouts.post("/v1/jobs", job);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		return UUID.fromString(reply.json().get("id").asString());
	}

	static JsonNode awaitFinished(UUID jobId) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		JsonNode view = rollouts.get("/v1/jobs/" + jobId).json();
		while (!view.get("status").asString().equals("COMPLETED") && System.nanoTime() < deadline) {
			sleep(100);
			view = rollouts.get("/v1/jobs/" + jobId).json();
		}
		assertThat(view.get("status").asString()).as(view.toString()).isEqualTo("COMPLETED");
		return view;
	}

	@Test
	void aJobTravelsTheWholePathAndReadsBackWithRewards() {
		UUID jobId = submit(job(policy.baseUrl(), 4, 3));
		JsonNode view = awaitFinished(jobId);

		assertThat(view.get("counts").get("SCORED").asLong()).isEqualTo(12);
		assertThat(view.get("rollouts")).hasSize(12);

		// The rewards in reward-service's table are the verifier's verdicts on what the policy answered.
		Map<String, Double> expected = new HashMap<>();
		Map<String, Double> stored = new HashMap<>();
		db.sql("SELECT r.rollout_id, r.task_id, w.reward FROM rollouts.rollout r JOIN rewards.reward w USING (rollout_id) "
				+ "WHERE r.job_id = ?")
			.param(jobId)
			.query(rs -> {
				String question = new Gsm8kEnvironment().tasks().find(rs.getString(2)).orElseThrow().text("question");
				expected.put(rs.getString(1), expectedReward(question));
				stored.put(rs.getString(1), rs.getDouble(3));
			});
		assertThat(stored).hasSize(12).isEqualTo(expected);
		assertThat(stored.values()).contains(0.0, 1.0);

		// The same rewards are on the scored topic, one record per rollout, keyed by group.
		List<RolloutScored> scored = records(Topics.ROLLOUTS_SCORED, RolloutScored.class,
				s -> s.rollout().identity().jobId().equals(jobId), 12);
		assertThat(scored).hasSize(12);
		assertThat(scored.stream().collect(Collectors.toMap(s -> s.rolloutId().toString(), RolloutScored::reward)))
			.isEqualTo(expected);

		// Token in, token out: the stored turns carry the ids the policy returned.
		RolloutScored one = scored.getFirst();
		assertThat(one.rollout().trainable()).isTrue();
		assertThat(one.rollout().turns().getFirst().completionTokenIds()).isNotEmpty();
		assertThat(view.get("meanReward").asDouble())
			.isEqualTo(expected.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow());
	}

	@Test
	void aRecordDeliveredTwiceIsScoredOnceAndAMalformedOneIsDeadLettered() throws Exception {
		RolloutKey first = new RolloutKey(UUID.randomUUID(), "gsm8k-0", 0, 0, 0);
		RolloutCompleted completed = syntheticCompleted(first, "#### 18");
		// Another sample of the same group: the same record key, so the same partition, behind the malformed record.
		RolloutCompleted after = syntheticCompleted(
				new RolloutKey(first.jobId(), first.taskId(), first.groupIndex(), 1, 0), "#### 18");
		assertThat(after.key()).isEqualTo(completed.key());
		try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", ServiceStack.kafka()),
				new StringSerializer(), new ByteArraySerializer())) {
			byte[] value = EventCodec.encode(completed);
			producer.send(new ProducerRecord<>(Topics.ROLLOUTS_COMPLETED, completed.key(), value)).get();
			RecordMetadata malformed = producer.send(new ProducerRecord<>(Topics.ROLLOUTS_COMPLETED, completed.key(),
					"{\"schemaVersion\":1,".getBytes(StandardCharsets.UTF_8))).get();
			producer.send(new ProducerRecord<>(Topics.ROLLOUTS_COMPLETED, completed.key(), value)).get();
			RecordMetadata behind = producer
				.send(new ProducerRecord<>(Topics.ROLLOUTS_COMPLETED, after.key(), EventCodec.encode(after))).get();
			assertThat(behind.partition()).isEqualTo(malformed.partition());
			assertThat(behind.offset()).isGreaterThan(malformed.offset());
		}

		// The consumer went on past the malformed record: the record after it is scored.
		List<RolloutScored> scored = records(Topics.ROLLOUTS_SCORED, RolloutScored.class,
				s -> Set.of(completed.rolloutId(), after.rolloutId()).contains(s.rolloutId()), 2);
		// Read again, long enough for a duplicate, were there one, to appear.
		scored = records(Topics.ROLLOUTS_SCORED, RolloutScored.class,
				s -> Set.of(completed.rolloutId(), after.rolloutId()).contains(s.rolloutId()), 3, Duration.ofSeconds(3));
		assertThat(scored).extracting(RolloutScored::rolloutId)
			.containsExactlyInAnyOrder(completed.rolloutId(), after.rolloutId());
		assertThat(scored).allSatisfy(s -> assertThat(s.reward()).isEqualTo(1.0));
		assertThat(db.sql("SELECT count(*) FROM rewards.reward WHERE rollout_id = ?")
			.param(completed.rolloutId())
			.query(Long.class)
			.single()).isEqualTo(1L);

		List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(ServiceStack.kafka(),
				Topics.deadLetter(Topics.ROLLOUTS_COMPLETED),
				rs -> rs.stream().anyMatch(r -> completed.key().equals(r.key())), WAIT);
		ConsumerRecord<String, byte[]> letter = dead.stream().filter(r -> completed.key().equals(r.key())).findFirst()
			.orElseThrow();
		assertThat(new String(letter.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
			.contains("cannot decode RolloutCompleted");
		assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"schemaVersion\":1,");
	}

	@Test
	void aPolicyThatAnswers500GivesFailedRolloutsNeverRewards() {
		try (OpenAiStub broken = OpenAiStub.start(r -> OpenAiStub.Reply.status(500, "{\"error\":\"boom\"}"))) {
			assertFailedWithoutReward(submit(job(broken.baseUrl(), 2, 2)), "http_500");
			assertThat(broken.calls()).isEqualTo(4 * 2); // each rollout tried once and retried once
		}
	}

	@Test
	void aPolicyThatTimesOutGivesFailedRolloutsNeverRewards() {
		try (OpenAiStub slow = OpenAiStub.start(r -> OpenAiStub.Reply.hang(5_000))) {
			assertFailedWithoutReward(submit(job(slow.baseUrl(), 1, 2)), "policy_timeout");
		}
	}

	private static void assertFailedWithoutReward(UUID jobId, String cause) {
		JsonNode view = awaitFinished(jobId);
		assertThat(view.get("counts").get("FAILED").asLong()).isEqualTo(view.get("rollouts").size());
		for (JsonNode r : view.get("rollouts")) {
			assertThat(r.get("status").asString()).isEqualTo("FAILED");
			assertThat(r.get("failureCause").asString()).isEqualTo(cause);
			assertThat(r.get("failureStage").asString()).isEqualTo("POLICY");
			assertThat(r.get("reward").isNull()).isTrue();
		}
		int expected = view.get("rollouts").size();
		List<RolloutFailed> failed = records(Topics.ROLLOUTS_FAILED, RolloutFailed.class,
				f -> f.identity().jobId().equals(jobId), expected);
		assertThat(failed).hasSize(expected)
			.allSatisfy(f -> {
				assertThat(f.status()).isEqualTo("FAILED");
				assertThat(f.cause()).isEqualTo(cause);
			});
		assertThat(records(Topics.ROLLOUTS_SCORED, RolloutScored.class,
				s -> s.rollout().identity().jobId().equals(jobId), 0)).isEmpty();
		assertThat(db.sql("SELECT count(*) FROM rewards.reward WHERE job_id = ?").param(jobId).query(Long.class).single())
			.isZero();
	}

	@Test
	void invalidRequestsGetProblemsNamingTheField() {
		Map<String, Object> unknownEnv = new HashMap<>(job(policy.baseUrl(), 1, 1));
		unknownEnv.put("environment", "no-such-env");
		assertProblem(rollouts.post("/v1/jobs", unknownEnv), 400, "environment");

		Map<String, Object> zeroGroup = new HashMap<>(job(policy.baseUrl(), 1, 1));
		zeroGroup.put("samplesPerTask", 0);
		assertProblem(rollouts.post("/v1/jobs", zeroGroup), 400, "samplesPerTask");
		zeroGroup.put("samplesPerTask", -3);
		assertProblem(rollouts.post("/v1/jobs", zeroGroup), 400, "samplesPerTask");

		Map<String, Object> badUrl = new HashMap<>(job("file:///etc/passwd", 1, 1));
		assertProblem(rollouts.post("/v1/jobs", badUrl), 400, "policy.baseUrl");

		assertProblem(rollouts.post("/v1/jobs", "{\"environment\": \"gsm8k\", "), 400, "body");

		Http.Reply wrongType = rollouts.post("/v1/jobs", "{\"environment\": \"gsm8k\", \"tasks\": \"many\"}");
		assertProblem(wrongType, 400, "tasks");

		Http.Reply oversized = rollouts.post("/v1/jobs",
				"{\"environment\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");
		assertProblem(oversized, 413, "body");

		assertThat(rollouts.get("/v1/jobs/" + UUID.randomUUID()).status()).isEqualTo(404);
	}

	private static void assertProblem(Http.Reply reply, int status, String field) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.contentType()).contains("application/problem+json");
		assertThat(reply.json().path("errors").findValuesAsString("field")).as(reply.body()).contains(field);
	}

	private static RolloutCompleted syntheticCompleted(RolloutKey key, String answer) {
		return RolloutCompleted.of(key, new EnvironmentRef("gsm8k", "1.0.0"), new PolicyRef("test", "m", 0L),
				List.of(ChatMessage.user("q"), ChatMessage.assistant(answer, List.of())),
				List.of(Turn.sampled(List.of(1, 2), List.of(3), List.of(-0.1))), true, FinishReason.STOP,
				ReasoningStats.NONE, Instant.now());
	}

	private static <T extends dev.gauntlet.contracts.GauntletEvent> List<T> records(String topic, Class<T> type,
			Predicate<T> mine, int expected) {
		return records(topic, type, mine, expected, expected == 0 ? Duration.ofSeconds(3) : WAIT);
	}

	/** Reads the records of this test from a topic until {@code expected} arrived or the timeout passed. */
	private static <T extends dev.gauntlet.contracts.GauntletEvent> List<T> records(String topic, Class<T> type,
			Predicate<T> mine, int expected, Duration timeout) {
		List<ConsumerRecord<String, byte[]>> records = TopicReader.read(ServiceStack.kafka(), topic,
				rs -> rs.stream().map(r -> EventCodec.decode(r.value(), type)).filter(mine).count() >= expected
						&& expected > 0,
				timeout);
		return records.stream().map(r -> EventCodec.decode(r.value(), type)).filter(mine).toList();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
