package dev.gauntlet.environment.bfcl;

import java.util.Locale;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.EnvironmentProvider;

/**
 * Registers {@link BfclEnvironment} with environment-service. Setting {@code gauntlet.environments.bfcl.scoring}:
 * {@code binary} (default) or {@code f1}.
 */
public final class BfclProvider implements EnvironmentProvider {

	@Override
	public String name() {
		return BfclEnvironment.NAME;
	}

	@Override
	public Environment create(EnvironmentContext context) {
		String scoring = context.setting("scoring").orElse("binary");
		try {
			return new BfclEnvironment(BfclEnvironment.Scoring.valueOf(scoring.toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"gauntlet.environments.bfcl.scoring must be binary or f1, got '" + scoring + "'", ex);
		}
	}

}
