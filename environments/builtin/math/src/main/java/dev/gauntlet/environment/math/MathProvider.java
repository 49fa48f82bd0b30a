package dev.gauntlet.environment.math;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.EnvironmentProvider;

/** Registers {@link MathEnvironment} with environment-service, with its default datasets and settings. */
public final class MathProvider implements EnvironmentProvider {

	@Override
	public String name() {
		return MathEnvironment.NAME;
	}

	@Override
	public Environment create(EnvironmentContext context) {
		return new MathEnvironment();
	}

}
