package dev.gauntlet.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of Gauntlet's Kafka plumbing, under {@code gauntlet.messaging}. Property names are public API.
 *
 * @param partitions partitions of each topic created at start-up; more partitions allow more consumer replicas
 * @param replicationFactor replication factor of created topics (1 for a single local broker)
 * @param retryAttempts how often a record whose processing fails is retried before it is dead-lettered
 * @param retryBackoff the pause between those retries
 * @param outboxPollInterval how often the outbox relay looks for events left behind by a crash
 * @param outboxBatchSize the most outbox rows relayed in one transaction
 * @param outbox whether this service publishes through the transactional outbox (it must ship the outbox table,
 * {@code classpath:db/outbox}, in its Flyway locations)
 */
@ConfigurationProperties("gauntlet.messaging")
public record MessagingSettings(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
		@DefaultValue("3") int retryAttempts, @DefaultValue("200ms") Duration retryBackoff,
		@DefaultValue("1s") Duration outboxPollInterval, @DefaultValue("500") int outboxBatchSize, @DefaultValue("false") boolean outbox) {

	public MessagingSettings {
		if (partitions < 1) {
			throw new IllegalArgumentException("gauntlet.messaging.partitions must be at least 1: " + partitions);
		}
		if (retryAttempts < 0) {
			throw new IllegalArgumentException("gauntlet.messaging.retry-attempts must not be negative");
		}
		if (outboxBatchSize < 1) {
			throw new IllegalArgumentException("gauntlet.messaging.outbox-batch-size must be at least 1");
		}
	}

}
