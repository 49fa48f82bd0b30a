package dev.gauntlet.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gauntlet.contracts.PolicyUpdated;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.testing.SharedInfrastructure;
import dev.gauntlet.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer's failure semantics on a real broker: a poison event is retried alone and then dead-lettered with
 * its reason while the rest of its batch is processed; an outage (retriable failure) is retried until it passes
 * and is never dead-lettered.
 */
@SpringBootTest(classes = EventConsumersIntegrationTests.App.class,
		properties = { "gauntlet.messaging.retry-attempts=2", "gauntlet.messaging.retry-backoff=20ms" })
@Import(InfrastructureTestConfiguration.class)
class EventConsumersIntegrationTests {

	@SpringBootApplication
	static class App {

	}

	@Autowired
	EventConsumers consumers;

	@Autowired
	EventPublisher publisher;

	private static PolicyUpdated event(long version) {
		return new PolicyUpdated(1, UUID.randomUUID(), "m", version, version, null, Instant.now());
	}

	@Test
	void aPoisonEventIsDeadLetteredAloneAndTheRestAreProcessed() throws Exception {
		PolicyUpdated poison = event(666);
		List<PolicyUpdated> good = List.of(event(1), event(2), event(3));
		Set<UUID> processed = ConcurrentHashMap.newKeySet();
		AtomicInteger poisonAttempts = new AtomicInteger();
		ConcurrentMessageListenerContainer<String, byte[]> container = consumers.batch(Topics.POLICY_UPDATED,
				"test-poison-" + UUID.randomUUID(), PolicyUpdated.class, 1, events -> {
					for (PolicyUpdated e : events) {
						if (e.runId().equals(poison.runId())) {
							poisonAttempts.incrementAndGet();
							throw new IllegalStateException("cannot handle version 666");
						}
					}
					events.forEach(e -> processed.add(e.runId()));
				});
		container.start();
		try {
			publisher.publish(Topics.POLICY_UPDATED, good.get(0)).get();
			publisher.publish(Topics.POLICY_UPDATED, poison).get();
			publisher.publish(Topics.POLICY_UPDATED, good.get(1)).get();
			publisher.publish(Topics.POLICY_UPDATED, good.get(2)).get();

			List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(SharedInfrastructure.get().kafkaBootstrapServers(),
					Topics.deadLetter(Topics.POLICY_UPDATED),
					rs -> rs.stream().anyMatch(r -> poison.key().equals(r.key())), Duration.ofSeconds(30));
			ConsumerRecord<String, byte[]> letter = dead.stream().filter(r -> poison.key().equals(r.key())).findFirst()
				.orElseThrow();
			assertThat(new String(letter.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
				.contains("processing failed after 3 attempts").contains("cannot handle version 666");
			assertThat(new String(letter.headers().lastHeader(DeadLetters.ORIGINAL_TOPIC).value(), StandardCharsets.UTF_8))
				.isEqualTo(Topics.POLICY_UPDATED);
			awaitUntil(() -> processed.containsAll(good.stream().map(PolicyUpdated::runId).toList()));
			assertThat(processed).doesNotContain(poison.runId());
			// One attempt inside the failing batch (or more, if batches split), then exactly three alone.
			assertThat(poisonAttempts.get()).isGreaterThanOrEqualTo(3);
		}
		finally {
			container.stop();
		}
	}

	@Test
	void anOutageIsRetriedUntilItPassesAndNeverDeadLettered() throws Exception {
		PolicyUpdated event = event(7);
		AtomicInteger attempts = new AtomicInteger();
		Set<UUID> processed = ConcurrentHashMap.newKeySet();
		ConcurrentMessageListenerContainer<String, byte[]> container = consumers.batch(Topics.POLICY_UPDATED,
				"test-outage-" + UUID.randomUUID(), PolicyUpdated.class, 1, events -> {
					for (PolicyUpdated e : events) {
						if (e.runId().equals(event.runId()) && attempts.incrementAndGet() <= 5) {
							throw new RetriableProcessingException("database down", new RuntimeException());
						}
						processed.add(e.runId());
					}
				});
		container.start();
		try {
			publisher.publish(Topics.POLICY_UPDATED, event).get();
			awaitUntil(() -> processed.contains(event.runId()));
			assertThat(attempts.get()).isEqualTo(6);
			List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(SharedInfrastructure.get().kafkaBootstrapServers(),
					Topics.deadLetter(Topics.POLICY_UPDATED), rs -> false, Duration.ofSeconds(2));
			assertThat(dead).noneMatch(r -> event.key().equals(r.key()));
		}
		finally {
			container.stop();
		}
	}

	private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(condition.getAsBoolean()).as("condition within 30 s").isTrue();
	}

}
