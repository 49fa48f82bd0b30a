package dev.gauntlet.trainer.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.trainer.PolicyTrainerApplication;
import dev.gauntlet.web.GauntletService;

import org.springframework.context.ConfigurableApplicationContext;

/** Starts policy-trainer as its own Spring context on the JVM's shared real PostgreSQL and Kafka. */
final class TrainerContexts {

	private TrainerContexts() {
	}

	static ConfigurableApplicationContext start(String rolloutServiceUrl, Class<?>... extraSources) {
		List<Class<?>> sources = new ArrayList<>(List.of(InfrastructureTestConfiguration.class));
		sources.addAll(List.of(extraSources));
		return GauntletService.builder(PolicyTrainerApplication.class, PolicyTrainerApplication.NAME)
			.sources(sources.toArray(Class<?>[]::new))
			.run("--server.port=0", "--gauntlet.messaging.outbox-poll-interval=200ms",
					"--gauntlet.trainer.rollout-service-url=" + rolloutServiceUrl, "--gauntlet.trainer.loop-interval=50ms",
					"--gauntlet.trainer.retry-backoff=200ms", "--gauntlet.trainer.poll-timeout=100ms");
	}

	static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	static void await(Duration timeout, String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out after " + timeout + " waiting for " + what);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted");
			}
		}
	}

}
