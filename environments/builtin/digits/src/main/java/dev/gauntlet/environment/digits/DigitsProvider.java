package dev.gauntlet.environment.digits;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.EnvironmentProvider;

/** Registers {@link DigitsEnvironment} with environment-service. */
public final class DigitsProvider implements EnvironmentProvider {

	@Override
	public String name() {
		return DigitsEnvironment.NAME;
	}

	@Override
	public Environment create(EnvironmentContext context) {
		return new DigitsEnvironment();
	}

}
