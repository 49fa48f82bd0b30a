package dev.gauntlet.environment.spi;

/**
 * Creates a built-in environment. environment-service finds every provider on its classpath with
 * {@link java.util.ServiceLoader} (a module lists its provider in
 * {@code META-INF/services/dev.gauntlet.environment.spi.EnvironmentProvider}), so adding an environment module to
 * the service's dependencies is all it takes to host it.
 */
public interface EnvironmentProvider {

	/** The environment's name, as in {@link EnvironmentDescriptor#name()}; also the settings prefix. */
	String name();

	/** Builds the environment. Called once at start-up; may read settings and use the database. */
	Environment create(EnvironmentContext context);

}
