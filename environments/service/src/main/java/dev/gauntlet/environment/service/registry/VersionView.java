package dev.gauntlet.environment.service.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.gauntlet.environment.service.dataset.DatasetStore.DatasetSummary;
import org.jspecify.annotations.Nullable;

/**
 * One registered version as the REST API shows it. Example rows are counted, not shown: their gold answers stay in
 * environment-service.
 *
 * @param kind {@code builtin} or {@code remote}
 * @param endpoint {@code builtin}, or the remote's base URL
 * @param datasets the newest version of each dataset, with row counts and checksums
 */
public record VersionView(String name, String version, String reference, String domain, String description,
		String lifecycle, double minReward, double maxReward, boolean deterministic, long taskCount,
		List<String> tools, String kind, String endpoint, Map<String, Object> taskSchema, int exampleCount,
		@Nullable Map<String, Object> probe, Instant registeredAt, String registeredBy, List<DatasetSummary> datasets) {

	static VersionView of(RegisteredVersion v, long taskCount, List<DatasetSummary> datasets) {
		return new VersionView(v.name(), v.version(), v.reference(), v.domain(), v.description(), v.lifecycle(),
				v.minReward(), v.maxReward(), v.deterministic(), taskCount,
				v.tools().stream().map(t -> String.valueOf(t.get("name"))).toList(), v.remote() ? "remote" : "builtin",
				v.endpoint(), v.taskSchema(), v.examples().size(), v.probe(), v.registeredAt(), v.registeredBy(),
				datasets);
	}

}
