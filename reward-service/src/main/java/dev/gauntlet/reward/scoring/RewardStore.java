package dev.gauntlet.reward.scoring;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.gauntlet.contracts.GauntletEvent;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.messaging.Outbox;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rewards in PostgreSQL. A reward row and its outgoing event are written in one transaction, and only for
 * rollouts not recorded before: a redelivered completed rollout yields neither a second row nor a second event.
 */
@Repository
class RewardStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final Outbox outbox;

	RewardStore(JdbcClient jdbc, JdbcTemplate batch, Outbox outbox) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.outbox = outbox;
	}

	Set<UUID> alreadyRecorded(Collection<UUID> rolloutIds) {
		return new HashSet<>(jdbc.sql("SELECT rollout_id FROM reward WHERE rollout_id = ANY(?)")
			.param(rolloutIds.toArray(UUID[]::new))
			.query(UUID.class)
			.list());
	}

	/** Records outcomes; publishes each one only if this call was the one that recorded it. */
	@Transactional
	void record(List<RolloutScored> scored, List<RolloutFailed> failed) {
		int[][] scoredRows = batch.batchUpdate("""
				INSERT INTO reward (rollout_id, job_id, task_id, group_index, sample_index, attempt, environment,
				                    status, reward, components, extracted_answer)
				VALUES (?, ?, ?, ?, ?, ?, ?, 'SCORED', ?, CAST(? AS jsonb), ?)
				ON CONFLICT (rollout_id) DO NOTHING
				""", scored, 1000, (ps, s) -> {
			identity(ps, s.rollout().identity(), s.rollout().environment().toString());
			ps.setDouble(8, s.reward());
			ps.setString(9, JSON.writeValueAsString(s.components()));
			ps.setString(10, s.extractedAnswer());
		});
		int[][] failedRows = batch.batchUpdate("""
				INSERT INTO reward (rollout_id, job_id, task_id, group_index, sample_index, attempt, environment,
				                    status, failure_stage, failure_cause, failure_message)
				VALUES (?, ?, ?, ?, ?, ?, ?, 'FAILED', ?, ?, ?)
				ON CONFLICT (rollout_id) DO NOTHING
				""", failed, 1000, (ps, f) -> {
			identity(ps, f.identity(), f.environment().toString());
			ps.setString(8, f.stage().name());
			ps.setString(9, f.cause());
			ps.setString(10, f.message());
		});
		outbox.enqueueAll(Topics.ROLLOUTS_SCORED, inserted(scored, scoredRows));
		outbox.enqueueAll(Topics.ROLLOUTS_FAILED, inserted(failed, failedRows));
	}

	private static void identity(java.sql.PreparedStatement ps, RolloutKey key, String environment)
			throws java.sql.SQLException {
		ps.setObject(1, key.rolloutId(), Types.OTHER);
		ps.setObject(2, key.jobId(), Types.OTHER);
		ps.setString(3, key.taskId());
		ps.setInt(4, key.groupIndex());
		ps.setInt(5, key.sampleIndex());
		ps.setInt(6, key.attempt());
		ps.setString(7, environment);
	}

	/** The events whose insert took effect (row count 1), in order. */
	private static <T extends GauntletEvent> List<T> inserted(List<T> events, int[][] counts) {
		List<T> fresh = new ArrayList<>();
		int i = 0;
		for (int[] chunk : counts) {
			for (int count : chunk) {
				if (count > 0) {
					fresh.add(events.get(i));
				}
				i++;
			}
		}
		return fresh;
	}

}
