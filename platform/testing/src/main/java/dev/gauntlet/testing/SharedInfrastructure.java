package dev.gauntlet.testing;

import dev.gauntlet.infra.LocalInfrastructure;

/**
 * One embedded PostgreSQL and Kafka per test JVM, started on first use and stopped when the JVM exits. Several
 * Spring contexts in one JVM (services tested together) share them, as services share them in production.
 */
public final class SharedInfrastructure {

	private static volatile LocalInfrastructure instance;

	private SharedInfrastructure() {
	}

	public static LocalInfrastructure get() {
		LocalInfrastructure infra = instance;
		if (infra == null) {
			synchronized (SharedInfrastructure.class) {
				if (instance == null) {
					LocalInfrastructure started = LocalInfrastructure.start(null, 0, 0);
					Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-infra-shutdown"));
					instance = started;
				}
				infra = instance;
			}
		}
		return infra;
	}

}
