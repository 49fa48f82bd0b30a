package dev.gauntlet.messaging;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends a record that cannot be parsed or processed to {@code <topic>.dlq}: the original key, value and headers,
 * plus headers that say why and where it came from. The send is synchronous, so the consumer commits the offset
 * only after the dead letter is safely stored: nothing is lost.
 */
public class DeadLetters {

	public static final String REASON = "gauntlet-dlq-reason";

	public static final String ORIGINAL_TOPIC = "gauntlet-dlq-topic";

	public static final String ORIGINAL_PARTITION = "gauntlet-dlq-partition";

	public static final String ORIGINAL_OFFSET = "gauntlet-dlq-offset";

	public static final String CONSUMER_GROUP = "gauntlet-dlq-consumer-group";

	/** Reasons are for people; a stack-trace-sized reason helps no one and bloats the topic. */
	static final int MAX_REASON_LENGTH = 2000;

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final KafkaTemplate<String, byte[]> template;

	public DeadLetters(KafkaTemplate<String, byte[]> template) {
		this.template = template;
	}

	public void send(ConsumerRecord<String, byte[]> record, String consumerGroup, String reason) {
		String trimmed = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
		ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.deadLetter(record.topic()), null,
				record.key(), record.value());
		for (Header header : record.headers()) {
			letter.headers().add(header);
		}
		letter.headers()
			.add(REASON, utf8(trimmed))
			.add(ORIGINAL_TOPIC, utf8(record.topic()))
			.add(ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())))
			.add(ORIGINAL_OFFSET, utf8(Long.toString(record.offset())))
			.add(CONSUMER_GROUP, utf8(consumerGroup));
		try {
			template.send(letter).get(EventPublisher.ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EventPublisher.PublishFailedException("interrupted while dead-lettering", ex);
		}
		catch (Exception ex) {
			throw new EventPublisher.PublishFailedException("could not dead-letter a record of " + record.topic(), ex);
		}
		log.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), trimmed);
	}

	private static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

}
