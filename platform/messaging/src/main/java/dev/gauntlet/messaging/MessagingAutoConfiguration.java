package dev.gauntlet.messaging;

import java.util.Map;

import dev.gauntlet.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates Gauntlet's topics and the beans services use to publish and consume events.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
				"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" })
@EnableConfigurationProperties(MessagingSettings.class)
public class MessagingAutoConfiguration {

	@Bean
	KafkaAdmin.NewTopics gauntletTopics(MessagingSettings settings) {
		return new KafkaAdmin.NewTopics(Topics.all()
			.stream()
			.map(name -> TopicBuilder.name(name)
				.partitions(settings.partitions())
				.replicas(settings.replicationFactor())
				.build())
			.toArray(NewTopic[]::new));
	}

	/**
	 * Idempotent and fully acknowledged: a retried send never duplicates or reorders records within a partition.
	 */
	@Bean
	KafkaTemplate<String, byte[]> eventTemplate(KafkaProperties properties, KafkaConnectionDetails connection) {
		Map<String, Object> config = properties.buildProducerProperties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
	}

	@Bean
	EventPublisher eventPublisher(KafkaTemplate<String, byte[]> eventTemplate) {
		return new EventPublisher(eventTemplate);
	}

	@Bean
	DeadLetters deadLetters(KafkaTemplate<String, byte[]> eventTemplate) {
		return new DeadLetters(eventTemplate);
	}

	@Bean
	EventConsumers eventConsumers(KafkaProperties properties, KafkaConnectionDetails connection,
			MessagingSettings settings, DeadLetters deadLetters) {
		return new EventConsumers(properties, connection, settings, deadLetters);
	}

	/** Only services that publish from a database transaction turn this on, and ship the outbox table. */
	@Bean
	@ConditionalOnProperty(prefix = "gauntlet.messaging", name = "outbox", havingValue = "true")
	Outbox outbox(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions,
			EventPublisher publisher, MessagingSettings settings) {
		return new Outbox(jdbc, jdbcTemplate, transactions, publisher, settings);
	}

}
