package dev.gauntlet.testing;

import java.util.List;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Connects a test's Spring context to the JVM's shared real PostgreSQL and Kafka ({@link SharedInfrastructure}).
 * It feeds Boot's ordinary connection-details auto-configuration, so the code under test cannot tell Docker and
 * embedded servers apart.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InfrastructureTestConfiguration {

	@Bean
	JdbcConnectionDetails sharedPostgres() {
		SharedInfrastructure.Endpoints infra = SharedInfrastructure.get();
		return new JdbcConnectionDetails() {
			@Override
			public String getUsername() {
				return infra.username();
			}

			@Override
			public String getPassword() {
				return infra.password();
			}

			@Override
			public String getJdbcUrl() {
				return infra.jdbcUrl();
			}
		};
	}

	@Bean
	KafkaConnectionDetails sharedKafka() {
		String bootstrap = SharedInfrastructure.get().kafkaBootstrapServers();
		return () -> List.of(bootstrap);
	}

}
