package dev.gauntlet.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.gauntlet.contracts.PolicyUpdated;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.testing.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic creation and the event producer, checked on the real broker: every topic of DESIGN.md and its
 * {@code .dlq} twin is created, and events leave through an idempotent producer with {@code acks=all}.
 */
@SpringBootTest(classes = TopicsAndProducerIntegrationTests.App.class)
@Import(InfrastructureTestConfiguration.class)
class TopicsAndProducerIntegrationTests {

	@SpringBootApplication
	static class App {

	}

	/** DESIGN.md's topics, spelled out rather than read from {@link Topics}, so a renamed constant fails here. */
	static final List<String> DESIGN_TOPICS = List.of("gauntlet.rollouts.completed", "gauntlet.rollouts.scored",
			"gauntlet.rollouts.failed", "gauntlet.policy.updated");

	static final List<String> EXPECTED = DESIGN_TOPICS.stream().flatMap(t -> Stream.of(t, t + ".dlq")).toList();

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	MessagingSettings settings;

	@Autowired
	KafkaTemplate<String, byte[]> eventTemplate;

	@Autowired
	EventPublisher publisher;

	Admin admin;

	@BeforeEach
	void connect() {
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				SharedInfrastructure.get().kafkaBootstrapServers()));
	}

	@AfterEach
	void disconnect() {
		admin.close();
	}

	@Test
	void topicCreationCreatesEveryDesignTopicAndItsDeadLetterTwin() throws Exception {
		// The context already created them at start-up; delete them, so that what exists afterwards was created by
		// the topic creation under test and not by an earlier context or a broker's auto-creation.
		Set<String> present = admin.listTopics().names().get();
		admin.deleteTopics(EXPECTED.stream().filter(present::contains).toList()).all().get();
		awaitUntil(() -> admin.listTopics().names().get().stream().noneMatch(EXPECTED::contains));

		assertThat(kafkaAdmin.initialize()).isTrue();
		// Created by the controller; the broker's metadata follows a moment later.
		awaitUntil(() -> admin.listTopics().names().get().containsAll(EXPECTED));

		Map<String, TopicDescription> created = admin.describeTopics(EXPECTED).allTopicNames().get();
		assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED);
		assertThat(created.values()).allSatisfy(t -> assertThat(t.partitions()).as(t.name())
			.hasSize(settings.partitions())
			.allSatisfy(p -> assertThat(p.replicas()).hasSize(settings.replicationFactor())));
		assertThat(Topics.all()).containsExactlyInAnyOrderElementsOf(EXPECTED);
	}

	@Test
	void eventsLeaveThroughAnIdempotentProducerThatWaitsForAllReplicas() throws Exception {
		assertThat(eventTemplate.getProducerFactory().getConfigurationProperties())
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all");

		// The broker's side: only an idempotent producer has a producer id, whose sequence the partition leader
		// tracks so that a retried batch is never written twice.
		PolicyUpdated event = new PolicyUpdated(1, UUID.randomUUID(), "m", 1, 1, null, Instant.now());
		long before = System.currentTimeMillis();
		SendResult<?, ?> sent = (SendResult<?, ?>) publisher.publish(Topics.POLICY_UPDATED, event).get();
		TopicPartition partition = new TopicPartition(Topics.POLICY_UPDATED, sent.getRecordMetadata().partition());
		assertThat(activeProducers(partition)).anySatisfy(p -> {
			assertThat(p.producerId()).isNotNegative();
			assertThat(p.lastTimestamp()).isGreaterThanOrEqualTo(before);
		});

		// The check can tell: a producer without idempotence writes to the same partition and leaves no state.
		Set<String> tracked = states(activeProducers(partition));
		try (var plain = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				SharedInfrastructure.get().kafkaBootstrapServers(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
				ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new ByteArraySerializer())) {
			RecordMetadata written = plain.send(new ProducerRecord<>(Topics.POLICY_UPDATED, partition.partition(),
					event.key(), new byte[] { 1 })).get();
			assertThat(written.partition()).isEqualTo(partition.partition());
		}
		assertThat(states(activeProducers(partition))).isEqualTo(tracked);
	}

	private List<ProducerState> activeProducers(TopicPartition partition) throws Exception {
		return admin.describeProducers(List.of(partition)).partitionResult(partition).get().activeProducers();
	}

	/** Each producer's id and last sequence: a write by a tracked producer would move its sequence. */
	private static Set<String> states(List<ProducerState> producers) {
		return producers.stream().map(p -> p.producerId() + "@" + p.lastSequence()).collect(Collectors.toSet());
	}

	private static void awaitUntil(Check check) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!check.passes()) {
			assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	@FunctionalInterface
	interface Check {

		boolean passes() throws Exception;

	}

}
