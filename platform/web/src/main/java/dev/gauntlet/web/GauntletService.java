package dev.gauntlet.web;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a Gauntlet service under its own configuration name ({@code <name>.yml} instead of
 * {@code application.yml}), so that several services can share one classpath, as they do in the all-in-one tests,
 * without reading each other's settings.
 */
public final class GauntletService {

	private GauntletService() {
	}

	public static SpringApplicationBuilder builder(Class<?> application, String name) {
		return new SpringApplicationBuilder(application).properties("spring.config.name=" + name,
				"spring.application.name=" + name);
	}

	public static ConfigurableApplicationContext run(Class<?> application, String name, String... args) {
		return builder(application, name).run(args);
	}

}
