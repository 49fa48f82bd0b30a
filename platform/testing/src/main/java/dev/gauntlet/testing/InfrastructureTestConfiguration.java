package dev.gauntlet.testing;

import java.util.List;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Connects a test's Spring context to a real PostgreSQL and a real Kafka. Both branches feed Boot's ordinary
 * connection-details auto-configuration, so the code under test cannot tell them apart.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InfrastructureTestConfiguration {

	@Bean
	@ServiceConnection
	@Conditional(DockerMode.class)
	PostgreSQLContainer postgresContainer() {
		return new PostgreSQLContainer("postgres:17-alpine");
	}

	@Bean
	@ServiceConnection
	@Conditional(DockerMode.class)
	KafkaContainer kafkaContainer() {
		return new KafkaContainer("apache/kafka:4.1.1");
	}

	@Bean
	@Conditional(EmbeddedMode.class)
	JdbcConnectionDetails embeddedPostgres() {
		var pg = SharedInfrastructure.get().postgres();
		return new JdbcConnectionDetails() {
			@Override
			public String getUsername() {
				return pg.username();
			}

			@Override
			public String getPassword() {
				return pg.password();
			}

			@Override
			public String getJdbcUrl() {
				return pg.jdbcUrl();
			}
		};
	}

	@Bean
	@Conditional(EmbeddedMode.class)
	KafkaConnectionDetails embeddedKafka() {
		String bootstrap = SharedInfrastructure.get().kafka().bootstrapServers();
		return () -> List.of(bootstrap);
	}

	static final class DockerMode implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return InfrastructureMode.current() == InfrastructureMode.DOCKER;
		}

	}

	static final class EmbeddedMode implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return InfrastructureMode.current() == InfrastructureMode.EMBEDDED;
		}

	}

}
