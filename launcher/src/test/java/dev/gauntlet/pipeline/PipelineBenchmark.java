package dev.gauntlet.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.PolicyRef;
import dev.gauntlet.contracts.ReasoningStats;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.contracts.Turn;
import dev.gauntlet.environment.gsm8k.Gsm8kEnvironment;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.testing.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pipeline throughput: completed rollouts of realistic size (about 2 KB of text, 1,000 token ids with logprobs)
 * pushed through the real path (Kafka, reward-service verifying each through environment-service's gsm8k
 * verifier over HTTP, PostgreSQL, the outbox and the scored topic), against the raw limit measured in the same
 * run: the same records produced to and consumed from the same broker and batch-inserted into the same database,
 * with no processing.
 *
 * <p>Run: {@code scripts/bench-pipeline.sh [records]}. Not a test: speed is measured here, never asserted in tests.
 */
public final class PipelineBenchmark {

	public static void main(String[] args) throws Exception {
		int records = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
		List<RolloutCompleted> rollouts = rollouts(records);
		List<byte[]> payloads = rollouts.stream().map(EventCodec::encode).toList();
		double meanBytes = payloads.stream().mapToInt(p -> p.length).average().orElseThrow();

		try (ServiceStack stack = ServiceStack.startScoring()) {
			JdbcTemplate db = stack.rewards.getBean(JdbcTemplate.class);
			String kafka = SharedInfrastructure.get().kafkaBootstrapServers();
			// Warm up both paths (JIT, connections, consumer-group joins) before timing.
			raw(kafka, db, rollouts(500), "warmup");
			pipeline(kafka, rollouts(500));

			double rawSeconds = raw(kafka, db, rollouts, "measured");
			double pipelineSeconds = pipeline(kafka, rollouts);
			double rawRate = records / rawSeconds;
			double pipelineRate = records / pipelineSeconds;
			System.out.printf("%nPipeline benchmark: %d records, mean %.0f bytes each, %d cores%n", records, meanBytes,
					Runtime.getRuntime().availableProcessors());
			System.out.printf("  raw limit (produce + consume + batch insert, no processing): %8.0f records/s (%.2f s)%n",
					rawRate, rawSeconds);
			System.out.printf("  Gauntlet pipeline (consume, verify over HTTP, persist, outbox, publish scored): %8.0f scored/s (%.2f s)%n",
					pipelineRate, pipelineSeconds);
			System.out.printf("  ratio pipeline / raw limit: %.2f%n", pipelineRate / rawRate);
		}
		System.exit(0);
	}

	/** Completed gsm8k rollouts, half right and half wrong, each with ~2 KB of text and 1,000 token ids. */
	static List<RolloutCompleted> rollouts(int count) {
		List<Task> tasks = new Gsm8kEnvironment().tasks().sample(1319, 7);
		UUID job = UUID.randomUUID();
		String reasoning = "Let me work through this carefully, one step at a time. ".repeat(34);
		List<Integer> prompt = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			prompt.add(1000 + i);
		}
		List<Integer> completion = new ArrayList<>();
		List<Double> logprobs = new ArrayList<>();
		for (int i = 0; i < 800; i++) {
			completion.add(5000 + (i * 7919) % 100_000);
			logprobs.add(-0.01 * (i % 100));
		}
		Turn turn = Turn.sampled(prompt, completion, logprobs);
		List<RolloutCompleted> out = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Task task = tasks.get(i % tasks.size());
			String answer = i % 2 == 0 ? task.text("answer") : task.text("answer") + "7";
			RolloutKey key = new RolloutKey(job, task.id(), i / 8, i % 8, 0);
			out.add(RolloutCompleted.of(key, new EnvironmentRef("gsm8k", "1.0.0"), new PolicyRef("bench", "m", 0L),
					List.of(ChatMessage.user(task.text("question")),
							ChatMessage.assistant(reasoning + "\n#### " + answer, List.of())),
					List.of(turn), true, FinishReason.STOP, new ReasoningStats(0, 800, false), Instant.now()));
		}
		return out;
	}

	/** Seconds to push the rollouts through reward-service until every one is on the scored topic. */
	static double pipeline(String kafka, List<RolloutCompleted> rollouts) throws Exception {
		Set<UUID> pending = ConcurrentHashMap.newKeySet();
		rollouts.forEach(r -> pending.add(r.rolloutId()));
		try (var consumer = consumer(kafka, Topics.ROLLOUTS_SCORED); var producer = producer(kafka)) {
			consumer.subscribe(List.of(Topics.ROLLOUTS_SCORED));
			awaitAssignment(consumer);
			long start = System.nanoTime();
			for (RolloutCompleted r : rollouts) {
				producer.send(new ProducerRecord<>(Topics.ROLLOUTS_COMPLETED, r.key(), EventCodec.encode(r)));
			}
			producer.flush();
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
			while (!pending.isEmpty() && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(java.time.Duration.ofMillis(100))) {
					pending.remove(EventCodec.decode(record.value(), RolloutScored.class).rolloutId());
				}
			}
			if (!pending.isEmpty()) {
				throw new IllegalStateException(pending.size() + " rollouts were never scored");
			}
			return (System.nanoTime() - start) / 1e9;
		}
	}

	/** Seconds to produce, consume and batch-insert the same records with no processing at all. */
	static double raw(String kafka, JdbcTemplate db, List<RolloutCompleted> rollouts, String label) throws Exception {
		String topic = "bench.raw." + label + "." + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
			admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
		}
		db.execute("CREATE TABLE IF NOT EXISTS bench_raw (rollout_id UUID, payload BYTEA)");
		List<byte[]> payloads = rollouts.stream().map(EventCodec::encode).toList();
		try (var consumer = consumer(kafka, topic); var producer = producer(kafka)) {
			consumer.subscribe(List.of(topic));
			awaitAssignment(consumer);
			long start = System.nanoTime();
			for (int i = 0; i < rollouts.size(); i++) {
				producer.send(new ProducerRecord<>(topic, rollouts.get(i).key(), payloads.get(i)));
			}
			producer.flush();
			int seen = 0;
			while (seen < rollouts.size()) {
				List<Object[]> rows = new ArrayList<>();
				for (ConsumerRecord<String, byte[]> record : consumer.poll(java.time.Duration.ofMillis(100))) {
					rows.add(new Object[] { UUID.randomUUID(), record.value() });
				}
				if (!rows.isEmpty()) {
					db.batchUpdate("INSERT INTO bench_raw (rollout_id, payload) VALUES (?, ?)", rows);
					consumer.commitSync();
					seen += rows.size();
				}
			}
			return (System.nanoTime() - start) / 1e9;
		}
		finally {
			db.execute("TRUNCATE bench_raw");
		}
	}

	private static KafkaConsumer<String, byte[]> consumer(String kafka, String topic) {
		return new KafkaConsumer<>(Map.of("bootstrap.servers", kafka, "group.id", "bench-" + UUID.randomUUID(),
				"auto.offset.reset", "latest", "enable.auto.commit", false, "max.poll.records", 500,
				"isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
	}

	private static KafkaProducer<String, byte[]> producer(String kafka) {
		return new KafkaProducer<>(Map.of("bootstrap.servers", kafka, "enable.idempotence", true, "acks", "all",
				"linger.ms", 5, "compression.type", "lz4"), new StringSerializer(), new ByteArraySerializer());
	}

	private static void awaitAssignment(KafkaConsumer<String, byte[]> consumer) {
		while (consumer.assignment().isEmpty()) {
			consumer.poll(java.time.Duration.ofMillis(100));
		}
		consumer.seekToEnd(consumer.assignment());
		consumer.assignment().forEach(consumer::position);
	}

}
