package dev.gauntlet.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LocalInfrastructureIntegrationTests {

	@TempDir
	Path data;

	@Test
	void dataSurvivesARestart() throws Exception {
		try (LocalInfrastructure infra = LocalInfrastructure.start(data, 0, 0)) {
			try (Connection c = connect(infra.postgres())) {
				c.createStatement().execute("CREATE TABLE kept (v text)");
				c.createStatement().execute("INSERT INTO kept VALUES ('still here')");
			}
			roundTrip(infra.kafka(), "first");
		}
		try (LocalInfrastructure infra = LocalInfrastructure.start(data, 0, 0)) {
			try (Connection c = connect(infra.postgres())) {
				var rs = c.createStatement().executeQuery("SELECT v FROM kept");
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isEqualTo("still here");
			}
			roundTrip(infra.kafka(), "second");
		}
		assertThat(Files.exists(data.resolve("kafka/meta.properties"))).isTrue();
	}

	private static Connection connect(LocalPostgres pg) throws Exception {
		return DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
	}

	private static void roundTrip(LocalKafka kafka, String topic) throws Exception {
		Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
		try (Admin admin = Admin.create(common)) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
		}
		Properties producer = new Properties();
		producer.putAll(common);
		try (var p = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
			p.send(new ProducerRecord<>(topic, "k", "hello")).get();
		}
		Properties consumer = new Properties();
		consumer.putAll(common);
		consumer.put("group.id", "g");
		consumer.put("auto.offset.reset", "earliest");
		try (var c = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
			c.subscribe(List.of(topic));
			ConsumerRecords<String, String> records = ConsumerRecords.empty();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (records.isEmpty() && System.nanoTime() < deadline) {
				records = c.poll(Duration.ofMillis(200));
			}
			assertThat(records.iterator().next().value()).isEqualTo("hello");
		}
	}

}
