package dev.gauntlet.environment.itdesk;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.EnvironmentProvider;

/**
 * Registers {@link ItDeskEnvironment} with environment-service. Sessions live in the service's database; the
 * table comes from this module's Flyway migration, {@code db/migration/environments/V100__it_desk.sql}.
 */
public final class ItDeskProvider implements EnvironmentProvider {

	@Override
	public String name() {
		return ItDeskEnvironment.NAME;
	}

	@Override
	public Environment create(EnvironmentContext context) {
		return new ItDeskEnvironment(context.dataSource());
	}

}
