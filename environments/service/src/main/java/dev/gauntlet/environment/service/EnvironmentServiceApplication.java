package dev.gauntlet.environment.service;

import dev.gauntlet.web.GauntletService;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * environment-service: the environment registry, and the built-in environments served over the environment
 * protocol at {@code /environments/{name}}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EnvironmentServiceApplication {

	public static final String NAME = "environment-service";

	public static void main(String[] args) {
		GauntletService.run(EnvironmentServiceApplication.class, NAME, args);
	}

}
