package dev.gauntlet.testing;

import dev.gauntlet.infra.LocalInfrastructure;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL and one real Kafka per test JVM, started on first use and stopped when the JVM exits: from
 * Testcontainers when a Docker engine answers, embedded otherwise. Several Spring contexts in one JVM (services
 * tested together) share them, as services share them in production.
 */
public final class SharedInfrastructure {

	private static volatile Endpoints endpoints;

	private SharedInfrastructure() {
	}

	public static Endpoints get() {
		Endpoints e = endpoints;
		if (e == null) {
			synchronized (SharedInfrastructure.class) {
				if (endpoints == null) {
					endpoints = InfrastructureMode.current() == InfrastructureMode.DOCKER ? containers() : embedded();
				}
				e = endpoints;
			}
		}
		return e;
	}

	private static Endpoints embedded() {
		LocalInfrastructure infra = LocalInfrastructure.start(null, 0, 0);
		Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "embedded-infra-shutdown"));
		return new Endpoints(infra.postgres().jdbcUrl(), infra.postgres().username(), infra.postgres().password(),
				infra.kafka().bootstrapServers());
	}

	@SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
	private static Endpoints containers() {
		PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine").withDatabaseName("gauntlet");
		KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
		postgres.start();
		kafka.start();
		return new Endpoints(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
				kafka.getBootstrapServers());
	}

	/** Where the shared servers listen. */
	public record Endpoints(String jdbcUrl, String username, String password, String kafkaBootstrapServers) {
	}

}
