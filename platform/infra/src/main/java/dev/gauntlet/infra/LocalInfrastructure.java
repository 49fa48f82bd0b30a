package dev.gauntlet.infra;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL and Kafka together, started and stopped as one. Kafka stops first, then PostgreSQL, so nothing is left
 * behind.
 */
public final class LocalInfrastructure implements AutoCloseable {

	private final LocalPostgres postgres;

	private final LocalKafka kafka;

	private LocalInfrastructure(LocalPostgres postgres, LocalKafka kafka) {
		this.postgres = postgres;
		this.kafka = kafka;
	}

	/**
	 * @param dataDirectory the directory holding {@code postgres/} and {@code kafka/}, or null for throwaway data
	 */
	public static LocalInfrastructure start(@Nullable Path dataDirectory, int postgresPort, int kafkaPort) {
		LocalPostgres postgres = LocalPostgres.start(
				dataDirectory == null ? null : dataDirectory.resolve("postgres"), postgresPort);
		try {
			LocalKafka kafka = LocalKafka.start(dataDirectory == null ? null : dataDirectory.resolve("kafka"),
					kafkaPort);
			return new LocalInfrastructure(postgres, kafka);
		}
		catch (RuntimeException ex) {
			postgres.close();
			throw ex;
		}
	}

	public LocalPostgres postgres() {
		return postgres;
	}

	public LocalKafka kafka() {
		return kafka;
	}

	@Override
	public void close() {
		try {
			kafka.close();
		}
		finally {
			postgres.close();
		}
	}

}
