package dev.gauntlet.environment.qa;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.EnvironmentProvider;

/** Registers {@link QaEnvironment} with environment-service, with its default datasets and settings. */
public final class QaProvider implements EnvironmentProvider {

	@Override
	public String name() {
		return QaEnvironment.NAME;
	}

	@Override
	public Environment create(EnvironmentContext context) {
		return new QaEnvironment();
	}

}
