package dev.gauntlet.environment.service.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The environments this service hosts, by name, and their registry rows. At start-up each built-in is recorded as
 * {@code name@version}; an existing row is never changed, since a registered version is immutable.
 */
@Component
public class EnvironmentCatalog {

	private static final Logger log = LoggerFactory.getLogger(EnvironmentCatalog.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, Environment> byName = new TreeMap<>();

	private final JdbcClient jdbc;

	EnvironmentCatalog(BuiltInEnvironments.Loaded builtIns, JdbcClient jdbc) {
		this.jdbc = jdbc;
		for (Environment env : builtIns.environments()) {
			String name = env.descriptor().name();
			if (byName.put(name, env) != null) {
				throw new IllegalStateException("two built-in environments are named " + name);
			}
		}
	}

	public Optional<Environment> find(String name) {
		return Optional.ofNullable(byName.get(name));
	}

	public Collection<Environment> all() {
		return byName.values();
	}

	@EventListener(ApplicationReadyEvent.class)
	void registerBuiltIns() {
		for (Environment env : byName.values()) {
			EnvironmentDescriptor d = env.descriptor();
			int inserted = jdbc.sql("""
					INSERT INTO environment_version
					    (name, version, domain, description, lifecycle, min_reward, max_reward, deterministic,
					     tools, endpoint, task_count)
					VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, CAST(? AS jsonb), 'builtin', ?)
					ON CONFLICT (name, version) DO NOTHING
					""")
				.params(d.name(), d.version(), d.domain().name(), d.description(), d.minReward(), d.maxReward(),
						d.deterministic(), JSON.writeValueAsString(d.tools()), env.tasks().size())
				.update();
			if (inserted > 0) {
				log.info("Registered built-in environment {}", d.reference());
			}
		}
	}

}
