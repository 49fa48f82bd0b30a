package dev.gauntlet.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.GauntletEvent;

import org.springframework.kafka.core.KafkaTemplate;

/** Publishes events with their group key, through the idempotent producer. */
public class EventPublisher {

	/** How long a synchronous publish waits for the broker's acknowledgement. */
	static final long ACK_TIMEOUT_SECONDS = 30;

	private final KafkaTemplate<String, byte[]> template;

	public EventPublisher(KafkaTemplate<String, byte[]> template) {
		this.template = template;
	}

	public CompletableFuture<?> publish(String topic, GauntletEvent event) {
		return template.send(topic, event.key(), EventCodec.encode(event));
	}

	/** Sends raw records and waits until the broker has acknowledged every one of them. */
	public void sendAllAndWait(List<RawRecord> records) {
		List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
		for (RawRecord r : records) {
			acks.add(template.send(r.topic(), r.key(), r.payload()));
		}
		template.flush();
		try {
			CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PublishFailedException("interrupted while publishing", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new PublishFailedException("Kafka did not acknowledge " + records.size() + " records", ex);
		}
	}

	/** A record as stored in the outbox. */
	public record RawRecord(String topic, String key, byte[] payload) {
	}

	/** Kafka could not be reached or refused the records; retriable. */
	public static class PublishFailedException extends RuntimeException {

		PublishFailedException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
