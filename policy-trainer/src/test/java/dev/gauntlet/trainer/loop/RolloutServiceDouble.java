package dev.gauntlet.trainer.loop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.FailureStage;
import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.GauntletEvent;
import dev.gauntlet.contracts.PolicyRef;
import dev.gauntlet.contracts.ReasoningStats;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.contracts.Turn;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test double of rollout-service and reward-service together: {@code POST /v1/jobs} answers 202 with a job id,
 * then publishes each rollout of the job to Kafka, scored or failed, exactly as reward-service and rollout-service
 * would (real records, real topics). Its outcomes are deterministic in (group, sample): some groups all correct
 * (zero variance), some samples failed, some text-only, some with a negative token id (hostile), some truncated,
 * and some records published twice
 * (redelivery). Each scored rollout's completion token ids are unique, so a test can trace what was trained.
 */
final class RolloutServiceDouble implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final KafkaProducer<String, byte[]> producer;

	private final ExecutorService publisher = Executors.newSingleThreadExecutor();

	private final AtomicInteger tokens = new AtomicInteger(1000);

	private final AtomicInteger groups = new AtomicInteger();

	/** Every rollout published: identity, outcome, completion token ids of scored trainable ones. */
	record Published(UUID rolloutId, UUID jobId, boolean scored, boolean trainable, List<Integer> completion) {
	}

	private final List<Published> published = Collections.synchronizedList(new ArrayList<>());

	private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

	RolloutServiceDouble(String kafkaBootstrap) throws IOException {
		producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafkaBootstrap, "enable.idempotence", true, "acks",
				"all"), new StringSerializer(), new ByteArraySerializer());
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(Executors.newFixedThreadPool(2));
		server.createContext("/v1/jobs", this::job);
		server.start();
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	List<Published> published() {
		synchronized (published) {
			return List.copyOf(published);
		}
	}

	/** Waits until every job accepted so far has been published in full; the publisher runs jobs in order. */
	void awaitPublished(Duration timeout) throws Exception {
		publisher.submit(producer::flush).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	List<JsonNode> requests() {
		synchronized (requests) {
			return List.copyOf(requests);
		}
	}

	private void job(HttpExchange ex) throws IOException {
		JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
		requests.add(body);
		UUID jobId = UUID.randomUUID();
		int tasks = body.path("tasks").asInt();
		int samples = body.path("samplesPerTask").asInt();
		String env = body.path("environment").asString();
		// queued before the reply, so awaitPublished covers every job a caller has seen accepted
		publisher.execute(() -> publish(jobId, env, tasks, samples));
		byte[] reply = JSON.writeValueAsBytes(Map.of("id", jobId));
		ex.getResponseHeaders().add("Content-Type", "application/json");
		ex.sendResponseHeaders(202, reply.length);
		ex.getResponseBody().write(reply);
		ex.close();
	}

	private void publish(UUID jobId, String env, int tasks, int samples) {
		try {
			Thread.sleep(30);
		}
		catch (InterruptedException e) {
			return;
		}
		EnvironmentRef environment = new EnvironmentRef(env, "1");
		for (int g = 0; g < tasks; g++) {
			int c = groups.getAndIncrement(); // every third group all correct; failures etc. on a cycle of four
			boolean allCorrect = c % 3 == 2;
			int kind = c % 4;
			for (int s = 0; s < samples; s++) {
				RolloutKey key = new RolloutKey(jobId, "task-" + g, g, s, 0);
				GauntletEvent event;
				if (kind == 1 && s == samples - 1) {
					event = RolloutFailed.of(key, environment, FailureStage.POLICY, "policy_timeout", "timed out",
							Instant.now());
					published.add(new Published(key.rolloutId(), jobId, false, false, List.of()));
				}
				else {
					boolean textOnly = kind == 2 && s == 0;
					boolean truncated = kind == 3 && s == 1;
					double reward = allCorrect ? 1.0 : (s % 2 == 0 ? 1.0 : 0.0);
					int t = tokens.getAndIncrement();
					boolean hostile = kind == 0 && s == samples - 1; // a negative token id: never trainable
					List<Integer> completion = hostile ? List.of(-5, t % 100 + 100) : List.of(t / 100, t % 100 + 100);
					List<Turn> turns = textOnly ? List.of()
							: List.of(Turn.sampled(List.of(1, 2, 3), completion, List.of(-0.5, -0.25)));
					RolloutCompleted rollout = RolloutCompleted.of(key, environment, new PolicyRef("double", "m", null),
							List.of(ChatMessage.user("q")), turns, !textOnly,
							truncated ? FinishReason.LENGTH : FinishReason.STOP, ReasoningStats.NONE, Instant.now());
					event = RolloutScored.of(rollout, reward, Map.of("correct", reward), "x", Instant.now());
					published.add(new Published(key.rolloutId(), jobId, true, !textOnly && !hostile, completion));
				}
				String topic = event instanceof RolloutFailed ? Topics.ROLLOUTS_FAILED : Topics.ROLLOUTS_SCORED;
				producer.send(new ProducerRecord<>(topic, event.key(), EventCodec.encode(event)));
				if (s == 1) { // a redelivery
					producer.send(new ProducerRecord<>(topic, event.key(), EventCodec.encode(event)));
				}
			}
		}
		producer.flush();
	}

	/** Publishes a record that is not an event at all. */
	void publishGarbage(String topic) {
		producer.send(new ProducerRecord<>(topic, "x", "{not json".getBytes()));
		producer.flush();
	}

	@Override
	public void close() {
		server.stop(0);
		publisher.shutdownNow();
		((ExecutorService) server.getExecutor()).shutdownNow();
		producer.close();
	}

}
