package dev.gauntlet.environment.code;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.EnvironmentProvider;

/**
 * Registers {@link CodeEnvironment} with environment-service. The sandbox pool starts on the first verification,
 * so a service on a machine without bubblewrap still starts; verifications then fail with the reason, never a
 * reward.
 */
public final class CodeProvider implements EnvironmentProvider {

	@Override
	public String name() {
		return CodeEnvironment.NAME;
	}

	@Override
	public Environment create(EnvironmentContext context) {
		return new CodeEnvironment();
	}

}
