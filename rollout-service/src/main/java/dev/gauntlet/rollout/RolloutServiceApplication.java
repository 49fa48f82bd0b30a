package dev.gauntlet.rollout;

import dev.gauntlet.web.GauntletService;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * rollout-service: accepts rollout jobs, runs episodes against a policy and an environment, persists every
 * rollout and publishes it for scoring.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RolloutServiceApplication {

	public static final String NAME = "rollout-service";

	public static void main(String[] args) {
		GauntletService.run(RolloutServiceApplication.class, NAME, args);
	}

}
