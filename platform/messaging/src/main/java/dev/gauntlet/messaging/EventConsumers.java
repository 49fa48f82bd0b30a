package dev.gauntlet.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.GauntletEvent;
import dev.gauntlet.contracts.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Builds listener containers for Gauntlet events.
 *
 * <p>Each container decodes records into events, dead-letters records it cannot decode, hands the rest to an
 * {@link EventHandler} in batches, and commits offsets only after the batch is processed. When a batch fails, its
 * events are retried one by one, so one poison event is dead-lettered with its reason and the consumer goes on.
 * Failures of the outside world ({@link RetriableProcessingException}, Kafka being unreachable) are retried
 * without end instead: an outage must not empty the topic into the dead-letter queue.
 */
public class EventConsumers {

	private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);

	private final KafkaProperties properties;

	private final KafkaConnectionDetails connection;

	private final MessagingSettings settings;

	private final DeadLetters deadLetters;

	public EventConsumers(KafkaProperties properties, KafkaConnectionDetails connection, MessagingSettings settings,
			DeadLetters deadLetters) {
		this.properties = properties;
		this.connection = connection;
		this.settings = settings;
		this.deadLetters = deadLetters;
	}

	public <T extends GauntletEvent> ConcurrentMessageListenerContainer<String, byte[]> batch(String topic,
			String groupId, Class<T> type, int concurrency, EventHandler<T> handler) {
		Map<String, Object> config = properties.buildConsumerProperties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		var factory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());

		ContainerProperties container = new ContainerProperties(topic);
		container.setAckMode(ContainerProperties.AckMode.BATCH);
		container.setMessageListener(new DecodingListener<>(type, groupId, handler));
		var listener = new ConcurrentMessageListenerContainer<>(factory, container);
		listener.setConcurrency(concurrency);
		listener.setBeanName(groupId + "-" + topic);
		// Only outside-world failures escape the listener; retry them until the outside world is back.
		listener.setCommonErrorHandler(
				new DefaultErrorHandler(new FixedBackOff(settings.retryBackoff().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS)));
		return listener;
	}

	private final class DecodingListener<T extends GauntletEvent> implements BatchMessageListener<String, byte[]> {

		private final Class<T> type;

		private final String groupId;

		private final EventHandler<T> handler;

		DecodingListener(Class<T> type, String groupId, EventHandler<T> handler) {
			this.type = type;
			this.groupId = groupId;
			this.handler = handler;
		}

		@Override
		public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
			List<T> events = new ArrayList<>(records.size());
			List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
			for (ConsumerRecord<String, byte[]> record : records) {
				try {
					events.add(EventCodec.decode(record.value(), type));
					sources.add(record);
				}
				catch (MalformedEventException ex) {
					deadLetters.send(record, groupId, ex.getMessage());
				}
			}
			if (events.isEmpty()) {
				return;
			}
			try {
				handler.handle(events);
			}
			catch (RetriableProcessingException | EventPublisher.PublishFailedException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				log.warn("Batch of {} {} failed ({}); retrying one by one", events.size(), type.getSimpleName(),
						ex.toString());
				for (int i = 0; i < events.size(); i++) {
					processAlone(events.get(i), sources.get(i));
				}
			}
		}

		private void processAlone(T event, ConsumerRecord<String, byte[]> source) {
			RuntimeException last = null;
			for (int attempt = 0; attempt <= settings.retryAttempts(); attempt++) {
				try {
					handler.handle(List.of(event));
					return;
				}
				catch (RetriableProcessingException | EventPublisher.PublishFailedException ex) {
					throw ex;
				}
				catch (RuntimeException ex) {
					last = ex;
					sleep();
				}
			}
			deadLetters.send(source, groupId, "processing failed after " + (settings.retryAttempts() + 1)
					+ " attempts: " + last);
		}

		private void sleep() {
			try {
				Thread.sleep(settings.retryBackoff().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RetriableProcessingException("interrupted while retrying", ex);
			}
		}

	}

}
