package dev.gauntlet.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its beginning, with a fresh consumer group, until the records read satisfy a condition. */
public final class TopicReader {

	private TopicReader() {
	}

	/**
	 * Returns every record read once {@code done} holds for them, or after {@code timeout} with whatever was read.
	 */
	public static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic,
			Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
		Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "group.id",
				"test-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "enable.auto.commit", false,
				"isolation.level", "read_committed");
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				if (done.test(records)) {
					break;
				}
			}
		}
		return records;
	}

}
