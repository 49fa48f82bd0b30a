package dev.gauntlet.environment.gsm8k;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.EnvironmentProvider;

/** Registers {@link Gsm8kEnvironment} with environment-service. */
public final class Gsm8kProvider implements EnvironmentProvider {

	@Override
	public String name() {
		return Gsm8kEnvironment.NAME;
	}

	@Override
	public Environment create(EnvironmentContext context) {
		return new Gsm8kEnvironment();
	}

}
