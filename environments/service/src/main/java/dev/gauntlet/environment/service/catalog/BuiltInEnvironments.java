package dev.gauntlet.environment.service.catalog;

import dev.gauntlet.environment.gsm8k.Gsm8kEnvironment;
import dev.gauntlet.environment.spi.Environment;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The environments that ship with Gauntlet. Each is a bean; the catalog picks up every {@link Environment}. */
@Configuration(proxyBeanMethods = false)
class BuiltInEnvironments {

	@Bean
	Environment gsm8k() {
		return new Gsm8kEnvironment();
	}

}
