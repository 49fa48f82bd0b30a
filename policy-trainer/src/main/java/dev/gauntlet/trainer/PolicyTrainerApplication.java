package dev.gauntlet.trainer;

import dev.gauntlet.web.GauntletService;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * policy-trainer: runs GRPO training against the policy engine and publishes new policy versions.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PolicyTrainerApplication {

	public static final String NAME = "policy-trainer";

	public static void main(String[] args) {
		GauntletService.run(PolicyTrainerApplication.class, NAME, args);
	}

}
