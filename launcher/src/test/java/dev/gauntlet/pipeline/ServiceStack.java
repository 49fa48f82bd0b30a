package dev.gauntlet.pipeline;

import java.util.ArrayList;
import java.util.List;

import dev.gauntlet.environment.service.EnvironmentServiceApplication;
import dev.gauntlet.reward.RewardServiceApplication;
import dev.gauntlet.rollout.RolloutServiceApplication;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.testing.SharedInfrastructure;
import dev.gauntlet.web.GauntletService;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * environment-service, rollout-service and reward-service running together in this JVM, each its own Spring
 * context on its own port, sharing one real PostgreSQL and one real Kafka, wired to each other over HTTP and Kafka
 * exactly as in production.
 */
final class ServiceStack implements AutoCloseable {

	final ConfigurableApplicationContext environments;

	final ConfigurableApplicationContext rewards;

	/** Null when the stack runs without rollout-service. */
	final ConfigurableApplicationContext rollouts;

	private ServiceStack(ConfigurableApplicationContext environments, ConfigurableApplicationContext rewards,
			ConfigurableApplicationContext rollouts) {
		this.environments = environments;
		this.rewards = rewards;
		this.rollouts = rollouts;
	}

	/** Starts the stack; {@code rolloutArgs} are extra {@code --key=value} settings for rollout-service. */
	static ServiceStack start(String... rolloutArgs) {
		var environments = start(EnvironmentServiceApplication.class, EnvironmentServiceApplication.NAME);
		String envUrl = "http://127.0.0.1:" + port(environments);
		var rewards = start(RewardServiceApplication.class, RewardServiceApplication.NAME,
				"--gauntlet.reward.environment-service-url=" + envUrl);
		List<String> args = new ArrayList<>(List.of("--gauntlet.rollout.environment-service-url=" + envUrl));
		args.addAll(List.of(rolloutArgs));
		var rollouts = start(RolloutServiceApplication.class, RolloutServiceApplication.NAME,
				args.toArray(String[]::new));
		return new ServiceStack(environments, rewards, rollouts);
	}

	/** environment-service and reward-service only: the scoring half of the path. */
	static ServiceStack startScoring() {
		var environments = start(EnvironmentServiceApplication.class, EnvironmentServiceApplication.NAME);
		var rewards = start(RewardServiceApplication.class, RewardServiceApplication.NAME,
				"--gauntlet.reward.environment-service-url=http://127.0.0.1:" + port(environments));
		return new ServiceStack(environments, rewards, null);
	}

	private static ConfigurableApplicationContext start(Class<?> app, String name, String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--gauntlet.messaging.outbox-poll-interval=200ms"));
		all.addAll(List.of(args));
		return GauntletService.builder(app, name).sources(InfrastructureTestConfiguration.class)
			.run(all.toArray(String[]::new));
	}

	static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	static String kafka() {
		return SharedInfrastructure.get().kafkaBootstrapServers();
	}

	@Override
	public void close() {
		if (rollouts != null) {
			rollouts.close();
		}
		rewards.close();
		environments.close();
	}

}
