package dev.gauntlet.environment.service.registry;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the registration probe found, check by check; it stops at the first failing check.
 *
 * @param failure the failing check's reason, or null when every check passed
 */
public record ProbeReport(boolean ok, List<Check> checks, @Nullable String failure) {

	/** One check: allowlist, health, seed_session or verify of an example. */
	public record Check(String name, boolean ok, String detail, long millis) {
	}

	Map<String, Object> asMap() {
		return Map.of("ok", ok, "checks",
				checks.stream()
					.map(c -> Map.<String, Object>of("name", c.name(), "ok", c.ok(), "detail", c.detail(), "millis",
							c.millis()))
					.toList(),
				"failure", failure == null ? "" : failure);
	}

}
