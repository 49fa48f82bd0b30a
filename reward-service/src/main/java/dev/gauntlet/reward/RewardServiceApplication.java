package dev.gauntlet.reward;

import dev.gauntlet.web.GauntletService;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * reward-service: consumes completed rollouts, verifies them through their environment, persists the reward and
 * publishes the scored rollout.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RewardServiceApplication {

	public static final String NAME = "reward-service";

	public static void main(String[] args) {
		GauntletService.run(RewardServiceApplication.class, NAME, args);
	}

}
