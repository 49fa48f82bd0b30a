package dev.gauntlet.environment.service.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.gauntlet.environment.service.registry.EnvironmentRegistry;
import dev.gauntlet.environment.service.registry.RegisteredVersion;
import dev.gauntlet.environment.service.registry.TaskSchema;
import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentDescriptor;
import dev.gauntlet.environment.spi.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The environments this service hosts, by name, and their registry rows. At start-up each built-in is recorded as
 * {@code name@version}; an existing row is never changed, since a registered version is immutable.
 */
@Component
public class EnvironmentCatalog {

	private static final Logger log = LoggerFactory.getLogger(EnvironmentCatalog.class);

	private final Map<String, Environment> byName = new TreeMap<>();

	private final EnvironmentRegistry registry;

	EnvironmentCatalog(BuiltInEnvironments.Loaded builtIns, EnvironmentRegistry registry) {
		this.registry = registry;
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
			List<Map<String, Object>> tools = d.tools()
				.stream()
				.map(t -> Map.<String, Object>of("name", t.name(), "description", t.description(), "parameters",
						t.parameters()))
				.toList();
			boolean inserted = registry.insert(new RegisteredVersion(d.name(), d.version(), d.domain().name(),
					d.description(), "ACTIVE", d.minReward(), d.maxReward(), d.deterministic(), tools,
					RegisteredVersion.BUILTIN, env.tasks().size(), schemaOf(env).asMap(), List.of(), null,
					Instant.now(), "built-in"), true);
			if (inserted) {
				log.info("Registered built-in environment {}", d.reference());
			}
		}
	}

	/** A built-in's task schema: the fields of one of its tasks, with their types. */
	private static TaskSchema schemaOf(Environment env) {
		try {
			List<Task> sample = env.tasks().sample(1, 0);
			return sample.isEmpty() ? TaskSchema.any() : TaskSchema.inferredFrom(sample.get(0).fields());
		}
		catch (RuntimeException ex) {
			log.warn("Cannot infer the task schema of {}: {}", env.descriptor().reference(), ex.toString());
			return TaskSchema.any();
		}
	}

}
