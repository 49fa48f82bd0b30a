package dev.gauntlet.trainer.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code training_run} table: configuration, status, step counter and current policy version. */
@Component
public class RunStore {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	RunStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A run as stored.
	 *
	 * @param step the last applied train step (0 before the first)
	 * @param policyVersion the engine's weights version after that step
	 * @param requestedJobs rollout jobs requested so far (seeds the next request)
	 */
	public record Run(UUID id, String name, RunStatus status, RunConfig config, long step, long policyVersion,
			long requestedJobs, @Nullable String error, Instant createdAt, Instant updatedAt) {
	}

	UUID create(RunConfig config) {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO training_run (id, name, status, config) VALUES (?, ?, 'CREATED', ?::jsonb)")
			.params(id, config.name(), JSON.writeValueAsString(config))
			.update();
		return id;
	}

	public Optional<Run> find(UUID id) {
		return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(RunStore::map).optional();
	}

	public List<Run> list() {
		return jdbc.sql(SELECT + " ORDER BY created_at DESC LIMIT 200").query(RunStore::map).list();
	}

	public List<UUID> running() {
		return jdbc.sql("SELECT id FROM training_run WHERE status = 'RUNNING'").query(UUID.class).list();
	}

	/** Moves a run from one of {@code from} to {@code to}; false when it was in none of them. */
	public boolean transition(UUID id, Collection<RunStatus> from, RunStatus to, @Nullable String error) {
		return jdbc.sql("UPDATE training_run SET status = ?, error = COALESCE(?, error), updated_at = now() "
				+ "WHERE id = ? AND status = ANY(?)")
			.params(to.name(), error, id, from.stream().map(Enum::name).toArray(String[]::new))
			.update() == 1;
	}

	/** Another RUNNING run that trains the same engine, if any. */
	Optional<UUID> runningOnEngine(String engineUrl, UUID except) {
		return jdbc.sql("SELECT id FROM training_run WHERE status = 'RUNNING' AND id <> ? "
				+ "AND config->>'engineUrl' = ? LIMIT 1")
			.params(except, engineUrl)
			.query(UUID.class)
			.optional();
	}

	private static final String SELECT = "SELECT id, name, status, config, step, policy_version, requested_jobs, "
			+ "error, created_at, updated_at FROM training_run";

	private static Run map(ResultSet rs, int n) throws SQLException {
		return new Run(rs.getObject(1, UUID.class), rs.getString(2), RunStatus.valueOf(rs.getString(3)),
				JSON.readValue(rs.getString(4), RunConfig.class), rs.getLong(5), rs.getLong(6), rs.getLong(7),
				rs.getString(8), rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant());
	}

}
