package dev.gauntlet.trainer.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.MalformedEventException;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.contracts.Turn;
import dev.gauntlet.messaging.DeadLetters;
import dev.gauntlet.trainer.grpo.Disposition;
import dev.gauntlet.trainer.system.TrainerSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes {@code gauntlet.rollouts.scored} and {@code gauntlet.rollouts.failed} exactly once into the
 * {@code sample} table. The consumer is assigned every partition of both topics and keeps its positions in
 * PostgreSQL, written in the same transaction as the samples a poll delivered; on start (and after any failed
 * transaction) it seeks to the stored positions. Kafka's own offset commits are not used. So a crash at any point
 * either committed a poll's samples and positions together or neither: nothing is lost, nothing counted twice.
 *
 * <p>Records of jobs this trainer did not request are skipped; records that cannot be decoded are dead-lettered.
 * One instance per database consumes (a second would need partition ownership: see docs/training.md).
 */
@Component
class ScoredIntake implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ScoredIntake.class);

	static final List<String> TOPICS = List.of(Topics.ROLLOUTS_SCORED, Topics.ROLLOUTS_FAILED);

	private final KafkaConnectionDetails kafka;

	private final LoopStore store;

	private final TransactionTemplate transactions;

	private final IntakeGate gate;

	private final DeadLetters deadLetters;

	private final TrainerSettings settings;

	private final CrashPoints crashPoints;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	private volatile @Nullable KafkaConsumer<String, byte[]> consumer;

	ScoredIntake(KafkaConnectionDetails kafka, LoopStore store, TransactionTemplate transactions, IntakeGate gate,
			DeadLetters deadLetters, TrainerSettings settings, CrashPoints crashPoints) {
		this.kafka = kafka;
		this.store = store;
		this.transactions = transactions;
		this.gate = gate;
		this.deadLetters = deadLetters;
		this.settings = settings;
		this.crashPoints = crashPoints;
	}

	@Override
	public void start() {
		if (!settings.intake()) {
			gate.markPositioned(); // another instance consumes: its positions are not ours to wait for
			return;
		}
		running = true;
		Thread t = new Thread(this::consume, "trainer-intake");
		t.setDaemon(true);
		thread = t;
		t.start();
	}

	@Override
	public void stop() {
		running = false;
		KafkaConsumer<String, byte[]> c = consumer;
		if (c != null) {
			c.wakeup();
		}
		Thread t = thread;
		if (t != null) {
			try {
				t.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		thread = null;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100; // after the topics exist; stopped before the database pool closes
	}

	private void consume() {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getConsumer().getBootstrapServers()));
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.consumerGroup() + "-intake");
		try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer = c;
			List<TopicPartition> partitions = partitions(c);
			if (partitions.isEmpty()) {
				return;
			}
			c.assign(partitions);
			if (seekToStored(c, partitions)) {
				gate.markPositioned();
			}
			while (running) {
				ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
				if (records.isEmpty()) {
					continue;
				}
				try {
					store(records);
				}
				catch (RuntimeException ex) {
					log.warn("Intake of {} records failed ({}); re-reading from the stored positions", records.count(),
							ex.toString());
					pause();
					seekToStored(c, partitions);
				}
			}
		}
		catch (WakeupException ex) {
			// stopping
		}
		finally {
			consumer = null;
		}
	}

	private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
		while (running) {
			try {
				List<TopicPartition> out = new ArrayList<>();
				for (String topic : TOPICS) {
					List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
					if (infos == null || infos.isEmpty()) {
						throw new IllegalStateException("topic " + topic + " has no partitions yet");
					}
					infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
				}
				return out;
			}
			catch (WakeupException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				log.info("Waiting for the rollout topics: {}", ex.getMessage());
				pause();
			}
		}
		return List.of();
	}

	/**
	 * Seeks every partition to its stored position. A partition never seen starts at its end, and that position is
	 * stored at once: rollouts of jobs requested from now on are all after it ({@link IntakeGate} holds requests
	 * back until then).
	 *
	 * @return false when the intake stopped first
	 */
	private boolean seekToStored(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions) {
		while (running) {
			try {
				Map<TopicPartition, Long> stored = store.offsets();
				Map<TopicPartition, Long> fresh = new HashMap<>();
				for (TopicPartition tp : partitions) {
					Long offset = stored.get(tp);
					if (offset != null) {
						c.seek(tp, offset);
					}
					else {
						c.seekToEnd(List.of(tp));
						fresh.put(tp, c.position(tp));
					}
				}
				if (!fresh.isEmpty()) {
					transactions.executeWithoutResult(s -> store.saveOffsets(fresh));
				}
				return true;
			}
			catch (WakeupException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				log.warn("Cannot read the stored consumer positions ({}); retrying", ex.toString());
				pause();
			}
		}
		return false; // stopping
	}

	private void store(ConsumerRecords<String, byte[]> records) {
		List<Decoded> decoded = new ArrayList<>();
		Map<TopicPartition, Long> next = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			next.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
			try {
				decoded.add(decode(record));
			}
			catch (MalformedEventException ex) {
				deadLetters.send(record, settings.consumerGroup(), ex.getMessage());
			}
		}
		gate.intake().lock();
		try {
			transactions.executeWithoutResult(status -> {
				Map<UUID, LoopStore.Request> requests = store
					.requests(decoded.stream().map(d -> d.key().jobId()).distinct().toList());
				for (Decoded d : decoded) {
					LoopStore.Request request = requests.get(d.key().jobId());
					if (request != null) {
						store.insertSample(row(d, request));
					}
				}
				store.saveOffsets(next);
				crashPoints.reach(CrashPoints.INTAKE_BEFORE_COMMIT);
			});
		}
		finally {
			gate.intake().unlock();
		}
	}

	private record Decoded(RolloutKey key, @Nullable RolloutScored scored, @Nullable RolloutFailed failed,
			byte[] bytes) {
	}

	private static Decoded decode(ConsumerRecord<String, byte[]> record) {
		if (Topics.ROLLOUTS_SCORED.equals(record.topic())) {
			RolloutScored s = EventCodec.decode(record.value(), RolloutScored.class);
			return new Decoded(s.rollout().identity(), s, null, record.value());
		}
		RolloutFailed f = EventCodec.decode(record.value(), RolloutFailed.class);
		return new Decoded(f.identity(), null, f, record.value());
	}

	private static LoopStore.SampleRow row(Decoded d, LoopStore.Request request) {
		RolloutKey k = d.key();
		boolean eval = "EVAL".equals(request.purpose());
		if (d.scored() == null) {
			RolloutFailed f = d.failed();
			return new LoopStore.SampleRow(f.rolloutId(), request.runId(), k.jobId(), k.groupIndex(), k.sampleIndex(),
					f.environment().name(), false, null, null, 0, 0, false, false, request.policyVersion(), null,
					eval ? Disposition.FAILED.name() : null);
		}
		RolloutScored s = d.scored();
		RolloutCompleted r = s.rollout();
		int sampled = 0;
		boolean logprobs = true;
		for (Turn t : r.turns()) {
			sampled += (int) t.completionMask().chars().filter(c -> c == Turn.SAMPLED).count();
			logprobs &= t.completionTokenIds().isEmpty() || !t.completionLogprobs().isEmpty();
			// a hostile or broken producer must not make the engine refuse a whole step: such a rollout is unusable
			logprobs &= t.promptTokenIds().stream().allMatch(id -> id >= 0)
					&& t.completionTokenIds().stream().allMatch(id -> id >= 0)
					&& t.completionLogprobs().stream().allMatch(lp -> lp <= 0 && Double.isFinite(lp));
		}
		Double correct = s.components().get("correct");
		long version = r.policy().version() != null ? r.policy().version() : request.policyVersion();
		return new LoopStore.SampleRow(s.rolloutId(), request.runId(), k.jobId(), k.groupIndex(), k.sampleIndex(),
				r.environment().name(), true, s.reward(), correct != null ? correct : s.reward(), sampled,
				r.reasoning().thinkingTokens(), r.finishReason() == FinishReason.LENGTH, r.trainable() && logprobs && sampled > 0,
				version, eval ? null : d.bytes(), eval ? Disposition.EVALUATED.name() : null);
	}

	private void pause() {
		try {
			Thread.sleep(settings.retryBackoff().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			running = false;
		}
	}

}
