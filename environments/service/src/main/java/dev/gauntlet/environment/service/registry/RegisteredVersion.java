package dev.gauntlet.environment.service.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One immutable registry entry, {@code name@version}, as stored.
 *
 * @param endpoint {@code builtin}, or the base URL of a remote environment
 * @param taskCount tasks the environment offers: built-in tasks, or a remote's examples plus dataset rows; -1 for
 * a generator without end
 * @param examples a remote's example rows: {@code {task_id, task, gold_answer}}
 * @param probe the registration probe's report, for remote environments
 */
public record RegisteredVersion(String name, String version, String domain, String description, String lifecycle,
		double minReward, double maxReward, boolean deterministic, List<Map<String, Object>> tools, String endpoint,
		long taskCount, Map<String, Object> taskSchema, List<Map<String, Object>> examples,
		@Nullable Map<String, Object> probe, Instant registeredAt, String registeredBy) {

	public static final String BUILTIN = "builtin";

	public String reference() {
		return name + "@" + version;
	}

	public boolean remote() {
		return !BUILTIN.equals(endpoint);
	}

}
