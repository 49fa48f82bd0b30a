package dev.gauntlet.environment.service.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import javax.sql.DataSource;

import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.EnvironmentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertyResolver;

/**
 * The environments that ship with Gauntlet: every {@link EnvironmentProvider} on the classpath. Settings come from
 * {@code gauntlet.environments.<name>.<key>}; {@code gauntlet.environments.<name>.enabled=false} leaves one out.
 */
@Configuration(proxyBeanMethods = false)
class BuiltInEnvironments {

	private static final Logger log = LoggerFactory.getLogger(BuiltInEnvironments.class);

	@Bean
	Loaded loadedEnvironments(PropertyResolver settings, DataSource dataSource) {
		List<dev.gauntlet.environment.spi.Environment> environments = new ArrayList<>();
		for (EnvironmentProvider provider : ServiceLoader.load(EnvironmentProvider.class)) {
			String prefix = "gauntlet.environments." + provider.name() + ".";
			if (!settings.getProperty(prefix + "enabled", Boolean.class, true)) {
				log.info("Built-in environment {} is disabled", provider.name());
				continue;
			}
			environments.add(provider.create(new EnvironmentContext() {
				@Override
				public Optional<String> setting(String key) {
					return Optional.ofNullable(settings.getProperty(prefix + key));
				}

				@Override
				public DataSource dataSource() {
					return dataSource;
				}
			}));
		}
		return new Loaded(environments);
	}

	/** The environments created at start-up; closing it closes those that hold resources (sandbox pools). */
	record Loaded(List<dev.gauntlet.environment.spi.Environment> environments) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			for (var environment : environments) {
				if (environment instanceof AutoCloseable closeable) {
					closeable.close();
				}
			}
		}

	}

}
