package dev.gauntlet.rollout.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.FailureStage;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.messaging.Outbox;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Jobs and rollouts in PostgreSQL. A rollout's state change and the event announcing it are written in one
 * transaction (through the {@link Outbox}), so the database and the topics never disagree.
 *
 * <p>Status only moves forward: PENDING, then COMPLETED or FAILED, then SCORED or FAILED. A redelivered event
 * that would move a rollout backwards changes nothing.
 */
@Repository
public class RolloutStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final Outbox outbox;

	RolloutStore(JdbcClient jdbc, JdbcTemplate batch, Outbox outbox) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.outbox = outbox;
	}

	@Transactional
	public void createJob(UUID jobId, String environment, String environmentVersion, Object request,
			List<RolloutKey> rollouts) {
		jdbc.sql("INSERT INTO job (id, environment, environment_version, request, status) "
				+ "VALUES (?, ?, ?, CAST(? AS jsonb), 'RUNNING')")
			.params(jobId, environment, environmentVersion, JSON.writeValueAsString(request))
			.update();
		batch.batchUpdate("INSERT INTO rollout (rollout_id, job_id, task_id, group_index, sample_index, attempt, status) "
				+ "VALUES (?, ?, ?, ?, ?, ?, 'PENDING')", rollouts, 1000, (ps, key) -> {
					ps.setObject(1, key.rolloutId());
					ps.setObject(2, key.jobId());
					ps.setString(3, key.taskId());
					ps.setInt(4, key.groupIndex());
					ps.setInt(5, key.sampleIndex());
					ps.setInt(6, key.attempt());
				});
	}

	/** Records finished episodes and queues them for scoring, in one transaction; rollouts no longer PENDING are skipped. */
	@Transactional
	public void completedAll(List<RolloutCompleted> rollouts) {
		int[][] counts = batch.batchUpdate("""
				UPDATE rollout SET status = 'COMPLETED', trainable = ?, finish_reason = ?, policy_version = ?,
				       messages = CAST(? AS jsonb), turns = CAST(? AS jsonb), untrainable_reason = ?,
				       reasoning = CAST(? AS jsonb), trajectory = CAST(? AS jsonb), turn_count = ?, updated_at = now()
				WHERE rollout_id = ? AND status = 'PENDING'
				""", rollouts, rollouts.size(), (ps, rollout) -> {
			ps.setBoolean(1, rollout.trainable());
			ps.setString(2, rollout.finishReason().name());
			ps.setObject(3, rollout.policy().version());
			ps.setString(4, JSON.writeValueAsString(rollout.messages()));
			ps.setString(5, JSON.writeValueAsString(rollout.turns()));
			ps.setString(6, rollout.untrainableReason());
			ps.setString(7, JSON.writeValueAsString(rollout.reasoning()));
			ps.setString(8, rollout.trajectory() == null ? null : JSON.writeValueAsString(rollout.trajectory()));
			ps.setInt(9, rollout.turns().size());
			ps.setObject(10, rollout.rolloutId());
		});
		List<RolloutCompleted> written = new java.util.ArrayList<>();
		for (int i = 0; i < rollouts.size(); i++) {
			if (counts[0][i] == 1) {
				written.add(rollouts.get(i));
			}
		}
		outbox.enqueueAll(Topics.ROLLOUTS_COMPLETED, written);
	}

	/** Records a finished episode and queues it for scoring. */
	@Transactional
	public void completed(RolloutCompleted rollout) {
		int updated = jdbc.sql("""
				UPDATE rollout SET status = 'COMPLETED', trainable = ?, finish_reason = ?, policy_version = ?,
				       messages = CAST(? AS jsonb), turns = CAST(? AS jsonb), untrainable_reason = ?,
				       reasoning = CAST(? AS jsonb), trajectory = CAST(? AS jsonb), turn_count = ?, updated_at = now()
				WHERE rollout_id = ? AND status = 'PENDING'
				""")
			.params(rollout.trainable(), rollout.finishReason().name(), rollout.policy().version(),
					JSON.writeValueAsString(rollout.messages()), JSON.writeValueAsString(rollout.turns()),
					rollout.untrainableReason(), JSON.writeValueAsString(rollout.reasoning()),
					rollout.trajectory() == null ? null : JSON.writeValueAsString(rollout.trajectory()),
					rollout.turns().size(), rollout.rolloutId())
			.update();
		if (updated == 1) {
			outbox.enqueue(Topics.ROLLOUTS_COMPLETED, rollout);
		}
	}

	/** Records a rollout that could not run, and announces the failure. */
	@Transactional
	public void failed(RolloutFailed failure) {
		if (markFailed(failure, "'PENDING'") == 1) {
			outbox.enqueue(Topics.ROLLOUTS_FAILED, failure);
		}
	}

	/**
	 * Cancels a running job: the job becomes CANCELLED and each rollout still PENDING becomes FAILED (stage
	 * CANCELLED), announced on the failed topic, all in one transaction. Idempotent.
	 */
	@Transactional
	public int cancel(UUID jobId) {
		JobRow job = job(jobId).orElseThrow();
		jdbc.sql("UPDATE job SET status = 'CANCELLED', finished_at = now() WHERE id = ? AND status = 'RUNNING'")
			.param(jobId)
			.update();
		List<RolloutKey> pending = jdbc.sql("""
				UPDATE rollout SET status = 'FAILED', failure_stage = 'CANCELLED', failure_cause = 'job_cancelled',
				       failure_message = 'the job was cancelled', reward = NULL, updated_at = now()
				WHERE job_id = ? AND status = 'PENDING'
				RETURNING task_id, group_index, sample_index, attempt
				""")
			.param(jobId)
			.query((rs, n) -> new RolloutKey(jobId, rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
			.list();
		java.time.Instant now = java.time.Instant.now();
		EnvironmentRef environment = new EnvironmentRef(job.environment(), job.environmentVersion());
		outbox.enqueueAll(Topics.ROLLOUTS_FAILED, pending.stream()
			.map(key -> RolloutFailed.of(key, environment, FailureStage.CANCELLED, "job_cancelled",
					"the job was cancelled", now))
			.toList());
		return pending.size();
	}

	/**
	 * Fails every rollout left PENDING by an earlier run of this service (a crash or a kill), announcing each, so
	 * that no rollout waits forever. Run once at start-up, before any job is accepted; it assumes one
	 * rollout-service instance per database.
	 */
	@Transactional
	public int recoverAbandoned() {
		List<RolloutFailed> abandoned = jdbc.sql("""
				UPDATE rollout r SET status = 'FAILED', failure_stage = 'INTERNAL', failure_cause = 'service_restarted',
				       failure_message = 'rollout-service stopped before this rollout finished', updated_at = now()
				FROM job j WHERE j.id = r.job_id AND r.status = 'PENDING'
				RETURNING r.job_id, r.task_id, r.group_index, r.sample_index, r.attempt, j.environment,
				          j.environment_version
				""")
			.query((rs, n) -> RolloutFailed.of(
					new RolloutKey(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)),
					new EnvironmentRef(rs.getString(6), rs.getString(7)), FailureStage.INTERNAL, "service_restarted",
					"rollout-service stopped before this rollout finished", java.time.Instant.now()))
			.list();
		outbox.enqueueAll(Topics.ROLLOUTS_FAILED, abandoned);
		return abandoned.size();
	}

	/** Applies a score from reward-service; idempotent. */
	@Transactional
	public void scored(List<RolloutScored> scores) {
		batch.batchUpdate("""
				UPDATE rollout SET status = 'SCORED', reward = ?, reward_components = CAST(? AS jsonb),
				       extracted_answer = ?, updated_at = now()
				WHERE rollout_id = ? AND status IN ('PENDING', 'COMPLETED')
				""", scores, 1000, (ps, s) -> {
			ps.setDouble(1, s.reward());
			ps.setString(2, JSON.writeValueAsString(s.components()));
			ps.setString(3, s.extractedAnswer());
			ps.setObject(4, s.rolloutId());
		});
		finishJobsOf(scores.stream().map(s -> s.rollout().identity().jobId()).distinct().toList());
	}

	/** Applies a failure reported by another service (for example a verifier crash); idempotent. */
	@Transactional
	public void failedElsewhere(List<RolloutFailed> failures) {
		for (RolloutFailed failure : failures) {
			markFailed(failure, "'PENDING', 'COMPLETED'");
		}
		finishJobsOf(failures.stream().map(f -> f.identity().jobId()).distinct().toList());
	}

	private int markFailed(RolloutFailed failure, String fromStatuses) {
		return jdbc.sql("UPDATE rollout SET status = 'FAILED', failure_stage = ?, failure_cause = ?, "
				+ "failure_message = ?, reward = NULL, updated_at = now() WHERE rollout_id = ? AND status IN ("
				+ fromStatuses + ")")
			.params(failure.stage().name(), failure.cause(), failure.message(), failure.rolloutId())
			.update();
	}

	/** A job is finished when none of its rollouts waits for a policy, a score or a failure. */
	@Transactional
	public void finishJobsOf(List<UUID> jobIds) {
		for (UUID jobId : jobIds) {
			jdbc.sql("""
					UPDATE job SET status = 'COMPLETED', finished_at = now()
					WHERE id = ? AND status = 'RUNNING'
					  AND NOT EXISTS (SELECT 1 FROM rollout WHERE job_id = ? AND status IN ('PENDING', 'COMPLETED'))
					""")
				.params(jobId, jobId)
				.update();
		}
	}

	public Optional<JobRow> job(UUID jobId) {
		return jdbc.sql("SELECT id, environment, environment_version, status, created_at, finished_at FROM job WHERE id = ?")
			.param(jobId)
			.query((rs, n) -> new JobRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getString(4), rs.getTimestamp(5).toInstant(),
					rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
			.optional();
	}

	public List<RolloutRow> rolloutsOf(UUID jobId) {
		return jdbc.sql("""
				SELECT rollout_id, task_id, group_index, sample_index, attempt, status, reward, extracted_answer,
				       failure_stage, failure_cause, failure_message, trainable, policy_version
				FROM rollout WHERE job_id = ? ORDER BY group_index, sample_index, attempt
				""")
			.param(jobId)
			.query(RolloutStore::rolloutRow)
			.list();
	}

	private static RolloutRow rolloutRow(ResultSet rs, int n) throws SQLException {
		Double reward = rs.getObject(7) == null ? null : rs.getDouble(7);
		Long version = rs.getObject(13) == null ? null : rs.getLong(13);
		Boolean trainable = rs.getObject(12) == null ? null : rs.getBoolean(12);
		return new RolloutRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
				rs.getString(6), reward, rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), trainable,
				version);
	}

	public Map<String, Long> statusCounts(UUID jobId) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		jdbc.sql("SELECT status, count(*) FROM rollout WHERE job_id = ? GROUP BY status")
			.param(jobId)
			.query(rs -> {
				counts.put(rs.getString(1), rs.getLong(2));
			});
		return counts;
	}

	public record JobRow(UUID id, String environment, String environmentVersion, String status,
			java.time.Instant createdAt, java.time.@Nullable Instant finishedAt) {
	}

	public record RolloutRow(UUID rolloutId, String taskId, int groupIndex, int sampleIndex, int attempt, String status,
			@Nullable Double reward, @Nullable String extractedAnswer, @Nullable String failureStage,
			@Nullable String failureCause, @Nullable String failureMessage, @Nullable Boolean trainable,
			@Nullable Long policyVersion) {
	}

}
