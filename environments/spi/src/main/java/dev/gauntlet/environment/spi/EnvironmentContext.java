package dev.gauntlet.environment.spi;

import java.util.Optional;

import javax.sql.DataSource;

/**
 * What the hosting service gives an environment when creating it: its settings and, for stateful environments, a
 * database. Session state that must survive a replica belongs in the database, not in memory.
 */
public interface EnvironmentContext {

	/**
	 * A setting of this environment, from {@code gauntlet.environments.<name>.<key>} in the service's configuration.
	 */
	Optional<String> setting(String key);

	/** The service's PostgreSQL database, in the service's own schema. */
	DataSource dataSource();

	/** A context with no settings and no database, for tests of environments that need neither. */
	static EnvironmentContext none() {
		return new EnvironmentContext() {
			@Override
			public Optional<String> setting(String key) {
				return Optional.empty();
			}

			@Override
			public DataSource dataSource() {
				throw new IllegalStateException("no database in this context");
			}
		};
	}

}
