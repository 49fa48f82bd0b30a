package dev.gauntlet.environment.service.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.gauntlet.environment.service.catalog.EnvironmentCatalog;
import dev.gauntlet.environment.service.dataset.DatasetStore;
import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.ListTaskSet;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.TaskSet;
import dev.gauntlet.web.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Turns the environment named in a path ({@code name} or {@code name@version}) into what serves it. A bare name
 * means the built-in hosted under that name, else the newest ACTIVE registered version; {@code name@version} names
 * one exact version, so a caller that pins it is never moved to a newer one.
 */
@Component
public class Resolver {

	private final EnvironmentCatalog catalog;

	private final EnvironmentRegistry registry;

	private final DatasetStore datasets;

	/** Task sets of remote versions, so a protocol call reads one stamp instead of every dataset row. */
	private final Map<String, Cached> remoteTaskSets = new java.util.concurrent.ConcurrentHashMap<>();

	Resolver(EnvironmentCatalog catalog, EnvironmentRegistry registry, DatasetStore datasets) {
		this.catalog = catalog;
		this.registry = registry;
		this.datasets = datasets;
	}

	/**
	 * What serves one registered version.
	 *
	 * @param builtIn the hosted environment, or null for a remote one
	 */
	public record Target(RegisteredVersion version, @Nullable Environment builtIn, TaskSet tasks) {

		public String reference() {
			return version.reference();
		}

	}

	public Target resolve(String segment) {
		int at = segment.indexOf('@');
		String name = at < 0 ? segment : segment.substring(0, at);
		Environment hosted = catalog.find(name).orElse(null);
		RegisteredVersion version;
		if (at < 0) {
			version = hosted != null
					? registry.find(name, hosted.descriptor().version()).orElseThrow(() -> notFound(segment))
					: registry.current(name).orElseThrow(() -> new NotFoundException("no environment named '" + name
							+ "' has an ACTIVE version; name one exactly as " + name + "@<version>"));
		}
		else {
			version = registry.find(name, segment.substring(at + 1)).orElseThrow(() -> notFound(segment));
		}
		if (!version.remote()) {
			if (hosted == null || !hosted.descriptor().version().equals(version.version())) {
				throw new NotFoundException(version.reference() + " is registered but no longer hosted"
						+ (hosted == null ? "" : " (this service hosts " + hosted.descriptor().reference() + ")"));
			}
			return new Target(version, hosted, hosted.tasks());
		}
		String stamp = datasets.stamp(version.name(), version.version());
		Cached cached = remoteTaskSets.get(version.reference());
		if (cached == null || !cached.stamp().equals(stamp)) {
			cached = new Cached(stamp, new ListTaskSet(remoteTasks(version)));
			remoteTaskSets.put(version.reference(), cached);
		}
		return new Target(version, null, cached.tasks());
	}

	/** A remote version's tasks, valid while its datasets are as the stamp says. */
	private record Cached(String stamp, ListTaskSet tasks) {
	}

	/** A remote version's tasks: its example rows, then the newest version of each of its datasets. */
	@SuppressWarnings("unchecked")
	public List<Task> remoteTasks(RegisteredVersion version) {
		List<Task> tasks = new ArrayList<>();
		for (Map<String, Object> example : version.examples()) {
			Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) example.get("task"));
			fields.values().removeIf(Objects::isNull);
			tasks.add(new Task(String.valueOf(example.get("task_id")), fields));
		}
		tasks.addAll(datasets.latestTasks(version.name(), version.version()));
		return tasks;
	}

	private static NotFoundException notFound(String segment) {
		return new NotFoundException("no environment version '" + segment + "'");
	}

}
