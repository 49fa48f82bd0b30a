package dev.gauntlet.rollout.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The read side of rollouts: filtered, paginated listing, one rollout in full, and changes for a job's stream. */
@Repository
public class RolloutQueries {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SUMMARY = """
			SELECT r.rollout_id, r.job_id, j.environment, j.environment_version, r.task_id, r.group_index,
			       r.sample_index, r.attempt, r.status, r.reward, r.trainable, r.untrainable_reason, r.finish_reason,
			       r.policy_version, r.turn_count, r.failure_stage, r.failure_cause, r.failure_message, r.updated_at
			FROM rollout r JOIN job j ON j.id = r.job_id
			""";

	private final JdbcClient jdbc;

	RolloutQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Rollouts matching every given filter, ordered by id, at most {@code limit}, after the cursor {@code after}
	 * (the last id of the previous page).
	 */
	public List<RolloutSummary> list(RolloutFilter filter, @Nullable UUID after, int limit) {
		StringBuilder sql = new StringBuilder(SUMMARY).append(" WHERE true");
		List<Object> params = new ArrayList<>();
		if (filter.jobId() != null) {
			sql.append(" AND r.job_id = ?");
			params.add(filter.jobId());
		}
		if (filter.environment() != null) {
			sql.append(" AND j.environment = ?");
			params.add(filter.environment());
		}
		if (filter.status() != null) {
			sql.append(" AND r.status = ?");
			params.add(filter.status());
		}
		if (filter.minReward() != null) {
			sql.append(" AND r.reward >= ?");
			params.add(filter.minReward());
		}
		if (filter.maxReward() != null) {
			sql.append(" AND r.reward <= ?");
			params.add(filter.maxReward());
		}
		if (filter.policyVersion() != null) {
			sql.append(" AND r.policy_version = ?");
			params.add(filter.policyVersion());
		}
		if (after != null) {
			sql.append(" AND r.rollout_id > ?");
			params.add(after);
		}
		sql.append(" ORDER BY r.rollout_id LIMIT ?");
		params.add(limit);
		return jdbc.sql(sql.toString()).params(params).query(RolloutQueries::summary).list();
	}

	/** Rollouts of a job changed after {@code since}, oldest change first. */
	public List<RolloutSummary> changedSince(UUID jobId, Instant since) {
		return jdbc.sql(SUMMARY + " WHERE r.job_id = ? AND r.updated_at > ? ORDER BY r.updated_at, r.rollout_id")
			.params(jobId, Timestamp.from(since))
			.query(RolloutQueries::summary)
			.list();
	}

	public Optional<RolloutDetail> find(UUID rolloutId) {
		return summaryOf(rolloutId).map(summary -> jdbc.sql("""
				SELECT messages, turns, trajectory, reasoning, reward_components, extracted_answer
				FROM rollout WHERE rollout_id = ?
				""")
			.param(rolloutId)
			.query((rs, n) -> new RolloutDetail(summary, json(rs, 1), json(rs, 2), json(rs, 3), json(rs, 4),
					json(rs, 5), rs.getString(6)))
			.single());
	}

	private Optional<RolloutSummary> summaryOf(UUID rolloutId) {
		return jdbc.sql(SUMMARY + " WHERE r.rollout_id = ?").param(rolloutId).query(RolloutQueries::summary).optional();
	}

	private static @Nullable JsonNode json(ResultSet rs, int column) throws SQLException {
		String text = rs.getString(column);
		return text == null ? null : JSON.readTree(text);
	}

	private static RolloutSummary summary(ResultSet rs, int n) throws SQLException {
		return new RolloutSummary(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
				rs.getString(3) + "@" + rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getInt(8),
				rs.getString(9), rs.getObject(10) == null ? null : rs.getDouble(10),
				rs.getObject(11) == null ? null : rs.getBoolean(11), rs.getString(12), rs.getString(13),
				rs.getObject(14) == null ? null : rs.getLong(14), rs.getObject(15) == null ? null : rs.getInt(15),
				rs.getString(16), rs.getString(17), rs.getString(18), rs.getTimestamp(19).toInstant());
	}

	/** The filters of the rollout listing; null means "any". */
	public record RolloutFilter(@Nullable UUID jobId, @Nullable String environment, @Nullable String status,
			@Nullable Double minReward, @Nullable Double maxReward, @Nullable Long policyVersion) {
	}

	/** One rollout without its conversation and tokens. */
	public record RolloutSummary(UUID rolloutId, UUID jobId, String environment, String taskId, int groupIndex,
			int sampleIndex, int attempt, String status, @Nullable Double reward, @Nullable Boolean trainable,
			@Nullable String untrainableReason, @Nullable String finishReason, @Nullable Long policyVersion,
			@Nullable Integer turns, @Nullable String failureStage, @Nullable String failureCause,
			@Nullable String failureMessage, Instant updatedAt) {
	}

	/**
	 * One rollout in full: its conversation, its turns token in and token out, its trajectory with the loss mask.
	 */
	public record RolloutDetail(RolloutSummary rollout, @Nullable JsonNode messages, @Nullable JsonNode turns,
			@Nullable JsonNode trajectory, @Nullable JsonNode reasoning, @Nullable JsonNode rewardComponents,
			@Nullable String extractedAnswer) {
	}

}
