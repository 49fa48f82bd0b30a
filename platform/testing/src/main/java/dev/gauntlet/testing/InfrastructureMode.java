package dev.gauntlet.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses where tests get PostgreSQL and Kafka: {@code -Dgauntlet.infra=docker|embedded} forces a choice;
 * otherwise Docker is used when an engine answers.
 */
public enum InfrastructureMode {

	DOCKER, EMBEDDED;

	private static final Logger log = LoggerFactory.getLogger(InfrastructureMode.class);

	private static volatile InfrastructureMode current;

	public static InfrastructureMode current() {
		InfrastructureMode mode = current;
		if (mode == null) {
			synchronized (InfrastructureMode.class) {
				if (current == null) {
					current = detect();
					log.info("Test infrastructure: {}", current);
				}
				mode = current;
			}
		}
		return mode;
	}

	private static InfrastructureMode detect() {
		String forced = System.getProperty("gauntlet.infra", "");
		if (!forced.isBlank()) {
			return valueOf(forced.trim().toUpperCase(java.util.Locale.ROOT));
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable() ? DOCKER : EMBEDDED;
		}
		catch (RuntimeException ex) {
			return EMBEDDED;
		}
	}

}
