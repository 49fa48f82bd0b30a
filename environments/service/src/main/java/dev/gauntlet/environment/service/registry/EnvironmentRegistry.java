package dev.gauntlet.environment.service.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The registry table: insert-only versions (a database trigger refuses changes other than the lifecycle). */
@Component
public class EnvironmentRegistry {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public static final List<String> LIFECYCLES = List.of("DRAFT", "ACTIVE", "DEPRECATED");

	private static final String COLUMNS = "name, version, domain, description, lifecycle, min_reward, max_reward, "
			+ "deterministic, tools::text, endpoint, task_count, task_schema::text, examples::text, probe::text, "
			+ "registered_at, registered_by";

	private final JdbcClient jdbc;

	EnvironmentRegistry(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts a new version; an existing {@code name@version} is left as it is and reported as a conflict. */
	public boolean insert(RegisteredVersion v, boolean ignoreExisting) {
		try {
			return jdbc.sql("""
					INSERT INTO environment_version
					    (name, version, domain, description, lifecycle, min_reward, max_reward, deterministic, tools,
					     endpoint, task_count, task_schema, examples, probe, registered_by)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, CAST(? AS jsonb), CAST(? AS jsonb),
					        CAST(? AS jsonb), ?)
					""" + (ignoreExisting ? "ON CONFLICT (name, version) DO NOTHING" : ""))
				.params(v.name(), v.version(), v.domain(), v.description(), v.lifecycle(), v.minReward(), v.maxReward(),
						v.deterministic(), JSON.writeValueAsString(v.tools()), v.endpoint(), v.taskCount(),
						JSON.writeValueAsString(v.taskSchema()), JSON.writeValueAsString(v.examples()),
						v.probe() == null ? null : JSON.writeValueAsString(v.probe()), v.registeredBy())
				.update() > 0;
		}
		catch (DuplicateKeyException ex) {
			throw new RegistryConflict(v.reference() + " is already registered; a version never changes, so register "
					+ "a new version instead");
		}
	}

	public Optional<RegisteredVersion> find(String name, String version) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM environment_version WHERE name = ? AND version = ?")
			.params(name, version)
			.query(EnvironmentRegistry::row)
			.optional();
	}

	/** The version a bare name means: the newest ACTIVE one. */
	public Optional<RegisteredVersion> current(String name) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM environment_version WHERE name = ? AND lifecycle = 'ACTIVE' "
				+ "ORDER BY registered_at DESC, version DESC LIMIT 1")
			.param(name)
			.query(EnvironmentRegistry::row)
			.optional();
	}

	/** Every version of a name, newest first. */
	public List<RegisteredVersion> versions(String name) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM environment_version WHERE name = ? "
				+ "ORDER BY registered_at DESC, version DESC")
			.param(name)
			.query(EnvironmentRegistry::row)
			.list();
	}

	/** One page of environments, one row per name (its newest matching version, ACTIVE ones first). */
	public Page search(@Nullable String text, @Nullable String domain, @Nullable String lifecycle, int page, int size) {
		List<Object> params = new ArrayList<>();
		StringBuilder where = new StringBuilder("TRUE");
		if (text != null && !text.isBlank()) {
			where.append(" AND (name ILIKE ? OR description ILIKE ?)");
			String like = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
			params.add(like);
			params.add(like);
		}
		if (domain != null && !domain.isBlank()) {
			where.append(" AND domain = ?");
			params.add(domain);
		}
		if (lifecycle != null && !lifecycle.isBlank()) {
			where.append(" AND lifecycle = ?");
			params.add(lifecycle);
		}
		String current = "SELECT DISTINCT ON (name) " + COLUMNS + " FROM environment_version WHERE " + where
				+ " ORDER BY name, (lifecycle = 'ACTIVE') DESC, registered_at DESC";
		long total = jdbc.sql("SELECT count(*) FROM (" + current + ") c").params(params).query(Long.class).single();
		List<Object> paged = new ArrayList<>(params);
		paged.add(size);
		paged.add((long) page * size);
		List<RegisteredVersion> items = jdbc.sql(current + " LIMIT ? OFFSET ?").params(paged)
			.query(EnvironmentRegistry::row)
			.list();
		return new Page(items, page, size, total);
	}

	/** Moves a version's lifecycle; the only change a registered version allows. */
	public void lifecycle(String name, String version, String lifecycle) {
		jdbc.sql("UPDATE environment_version SET lifecycle = ? WHERE name = ? AND version = ?")
			.params(lifecycle, name, version)
			.update();
	}

	public void taskCount(String name, String version, long count) {
		jdbc.sql("UPDATE environment_version SET task_count = ? WHERE name = ? AND version = ?")
			.params(count, name, version)
			.update();
	}

	/** A page of environments. */
	public record Page(List<RegisteredVersion> items, int page, int size, long total) {
	}

	@SuppressWarnings("unchecked")
	private static RegisteredVersion row(ResultSet rs, int n) throws SQLException {
		String probe = rs.getString(14);
		return new RegisteredVersion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
				rs.getString(5), rs.getDouble(6), rs.getDouble(7), rs.getBoolean(8),
				JSON.readValue(rs.getString(9), List.class), rs.getString(10), rs.getLong(11),
				JSON.readValue(rs.getString(12), Map.class), JSON.readValue(rs.getString(13), List.class),
				probe == null ? null : JSON.readValue(probe, Map.class), rs.getTimestamp(15).toInstant(),
				rs.getString(16));
	}

}
