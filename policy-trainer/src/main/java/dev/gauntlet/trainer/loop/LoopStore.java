package dev.gauntlet.trainer.loop;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.trainer.engine.TrainBatch;
import dev.gauntlet.trainer.grpo.Disposition;
import dev.gauntlet.trainer.grpo.Sample;
import dev.gauntlet.trainer.grpo.SampleGroup;
import dev.gauntlet.trainer.grpo.StepPlanner;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The loop's tables: consumer offsets, rollout requests, groups, samples and train steps. */
@Component
public class LoopStore {

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	LoopStore(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	// ---- intake -----------------------------------------------------------------------------------------------

	Map<TopicPartition, Long> offsets() {
		Map<TopicPartition, Long> out = new HashMap<>();
		jdbc.sql("SELECT topic, partition, next_offset FROM consumer_offset")
			.query((rs, n) -> out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3)))
			.list();
		return out;
	}

	void saveOffsets(Map<TopicPartition, Long> next) {
		next.forEach((tp, offset) -> jdbc
			.sql("INSERT INTO consumer_offset (topic, partition, next_offset) VALUES (?, ?, ?) "
					+ "ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset")
			.params(tp.topic(), tp.partition(), offset)
			.update());
	}

	/** A requested job as the intake needs it. */
	record Request(UUID jobId, UUID runId, String purpose, long policyVersion) {
	}

	Map<UUID, Request> requests(List<UUID> jobIds) {
		Map<UUID, Request> out = new HashMap<>();
		if (jobIds.isEmpty()) {
			return out;
		}
		jdbc.sql("SELECT job_id, run_id, purpose, policy_version FROM rollout_request WHERE job_id = ANY(?)")
			.param(jobIds.toArray(UUID[]::new))
			.query((rs, n) -> out.put(rs.getObject(1, UUID.class),
					new Request(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4))))
			.list();
		return out;
	}

	/** A received rollout, ready to store. */
	record SampleRow(UUID rolloutId, UUID runId, UUID jobId, int groupIndex, int sampleIndex, String environment,
			boolean scored, @Nullable Double reward, @Nullable Double correct, int lengthTokens, int thinkingTokens,
			boolean truncated, boolean trainable, long behaviourVersion, byte @Nullable [] payload,
			@Nullable String disposition) {
	}

	/**
	 * Stores a sample once and counts it into its group. False when it was already stored (a redelivery) or does
	 * not belong to a requested group.
	 */
	boolean insertSample(SampleRow s) {
		Integer expected = jdbc.sql("SELECT expected FROM sample_group WHERE job_id = ? AND group_index = ?")
			.params(s.jobId(), s.groupIndex())
			.query(Integer.class)
			.optional()
			.orElse(null);
		if (expected == null || s.sampleIndex() >= expected) {
			return false;
		}
		int inserted = jdbc.sql("""
				INSERT INTO sample (rollout_id, run_id, job_id, group_index, sample_index, environment, outcome, reward,
				    correct, length_tokens, thinking_tokens, truncated, trainable, behaviour_version, payload, disposition)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
			.params(s.rolloutId(), s.runId(), s.jobId(), s.groupIndex(), s.sampleIndex(), s.environment(),
					s.scored() ? "SCORED" : "FAILED", s.reward(), s.correct(), s.lengthTokens(), s.thinkingTokens(),
					s.truncated(), s.trainable(), s.behaviourVersion(), s.payload(), s.disposition())
			.update();
		if (inserted == 0) {
			return false;
		}
		jdbc.sql("""
				UPDATE sample_group SET received = received + 1,
				    ready_at = CASE WHEN status = 'OPEN' AND received + 1 >= expected THEN clock_timestamp() ELSE ready_at END,
				    status = CASE WHEN status = 'OPEN' AND received + 1 >= expected THEN 'READY' ELSE status END
				WHERE job_id = ? AND group_index = ?""").params(s.jobId(), s.groupIndex()).update();
		return true;
	}

	// ---- requests ---------------------------------------------------------------------------------------------

	int inFlightGroups(UUID runId) {
		return jdbc.sql("SELECT count(*) FROM sample_group WHERE run_id = ? AND purpose = 'TRAIN' "
				+ "AND status IN ('OPEN', 'READY')").param(runId).query(Integer.class).single();
	}

	boolean evaluationRequested(UUID runId, long step) {
		return jdbc.sql("SELECT count(*) FROM rollout_request WHERE run_id = ? AND purpose = 'EVAL' AND eval_step = ?")
			.params(runId, step)
			.query(Integer.class)
			.single() > 0;
	}

	void recordRequest(UUID jobId, UUID runId, String purpose, String environment, int groups, int groupSize,
			long policyVersion, @Nullable String reasoningMode, @Nullable Integer budget, @Nullable Long evalStep) {
		jdbc.sql("""
				INSERT INTO rollout_request (job_id, run_id, purpose, environment, groups, group_size, policy_version,
				    reasoning_mode, budget_tokens, eval_step) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(jobId, runId, purpose, environment, groups, groupSize, policyVersion, reasoningMode, budget, evalStep)
			.update();
		template.batchUpdate("INSERT INTO sample_group (job_id, group_index, run_id, purpose, expected) "
				+ "VALUES (?, ?, ?, ?, ?)", java.util.stream.IntStream.range(0, groups).boxed().toList(), 1000,
				(ps, g) -> {
					ps.setObject(1, jobId);
					ps.setInt(2, g);
					ps.setObject(3, runId);
					ps.setString(4, purpose);
					ps.setInt(5, groupSize);
				});
		jdbc.sql("UPDATE training_run SET requested_jobs = requested_jobs + 1 WHERE id = ?").param(runId).update();
	}

	// ---- planning ---------------------------------------------------------------------------------------------

	/** Complete training groups of a run, oldest first. */
	List<SampleGroup> readyGroups(UUID runId, int limit) {
		record Head(UUID jobId, int groupIndex, String environment, @Nullable Integer budget, boolean off) {
		}
		List<Head> heads = jdbc.sql("""
				SELECT g.job_id, g.group_index, r.environment, r.budget_tokens, r.reasoning_mode
				FROM sample_group g JOIN rollout_request r ON r.job_id = g.job_id
				WHERE g.run_id = ? AND g.status = 'READY' AND g.purpose = 'TRAIN'
				ORDER BY g.ready_at, g.job_id, g.group_index LIMIT ?""")
			.params(runId, limit)
			.query((rs, n) -> new Head(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
					(Integer) rs.getObject(4), "off".equals(rs.getString(5))))
			.list();
		if (heads.isEmpty()) {
			return List.of();
		}
		Map<String, List<Sample>> samples = new HashMap<>();
		jdbc.sql("""
				SELECT job_id, group_index, rollout_id, outcome, reward, correct, length_tokens, thinking_tokens,
				    truncated, trainable, behaviour_version
				FROM sample WHERE job_id = ANY(?) AND disposition IS NULL ORDER BY sample_index""")
			.param(heads.stream().map(Head::jobId).distinct().toArray(UUID[]::new))
			.query((rs, n) -> samples.computeIfAbsent(rs.getObject(1, UUID.class) + "/" + rs.getInt(2),
					k -> new ArrayList<>()).add(sample(rs)))
			.list();
		return heads.stream()
			.map(h -> new SampleGroup(h.jobId(), h.groupIndex(), h.environment(), h.budget(), h.off(),
					samples.getOrDefault(h.jobId() + "/" + h.groupIndex(), List.of())))
			.toList();
	}

	private static Sample sample(ResultSet rs) throws SQLException {
		boolean failed = "FAILED".equals(rs.getString(4));
		return new Sample(rs.getObject(3, UUID.class), failed, failed ? 0 : rs.getDouble(5),
				failed ? 0 : rs.getDouble(6), rs.getInt(7), rs.getInt(8), rs.getBoolean(9), rs.getBoolean(10),
				rs.getLong(11));
	}

	/** Drops groups still open after {@code timeout}; returns how many. */
	int dropTimedOut(UUID runId, Duration timeout, long step) {
		List<Object[]> groups = jdbc.sql("""
				UPDATE sample_group SET status = 'DROPPED', reason = 'TIMEOUT', step = ?
				WHERE run_id = ? AND status = 'OPEN' AND created_at < now() - make_interval(secs => ?)
				RETURNING job_id, group_index""")
			.params(step, runId, timeout.toMillis() / 1000.0)
			.query((rs, n) -> new Object[] { rs.getObject(1), rs.getInt(2) })
			.list();
		for (Object[] g : groups) {
			jdbc.sql("UPDATE sample SET disposition = 'TIMEOUT', step = ? WHERE job_id = ? AND group_index = ? "
					+ "AND disposition IS NULL").params(step, g[0], g[1]).update();
		}
		return groups.size();
	}

	/** Marks the plan's dropped groups, and with {@code prepared} also its kept groups, for {@code step}. */
	void decide(StepPlanner.Plan plan, long step, boolean includeKept) {
		List<Object[]> sampleUpdates = new ArrayList<>();
		for (StepPlanner.Dropped d : plan.dropped()) {
			markGroup(d.group(), "DROPPED", d.reason().name(), step);
			for (Sample s : d.group().samples()) {
				sampleUpdates.add(new Object[] { plan.dispositions().get(s.rolloutId()).name(), step, null, null,
						s.rolloutId() });
			}
		}
		if (includeKept) {
			for (StepPlanner.Kept k : plan.kept()) {
				markGroup(k.group(), "USED", null, step);
				Map<UUID, Integer> index = new HashMap<>();
				for (int i = 0; i < k.usable().size(); i++) {
					index.put(k.usable().get(i).rolloutId(), i);
				}
				for (Sample s : k.group().samples()) {
					Integer i = index.get(s.rolloutId());
					sampleUpdates.add(new Object[] { plan.dispositions().get(s.rolloutId()).name(), step,
							i == null ? null : k.rewards()[i], i == null ? null : k.advantages()[i], s.rolloutId() });
				}
			}
		}
		template.batchUpdate("UPDATE sample SET disposition = ?, step = ?, shaped_reward = ?, advantage = ? "
				+ "WHERE rollout_id = ? AND disposition IS NULL", sampleUpdates);
	}

	private void markGroup(SampleGroup g, String status, @Nullable String reason, long step) {
		int n = jdbc.sql("UPDATE sample_group SET status = ?, reason = ?, step = ? WHERE job_id = ? AND group_index = ? "
				+ "AND status = 'READY'").params(status, reason, step, g.jobId(), g.groupIndex()).update();
		if (n != 1) {
			throw new IllegalStateException("group " + g.jobId() + "/" + g.groupIndex() + " is no longer ready");
		}
	}

	// ---- steps ------------------------------------------------------------------------------------------------

	/** A step whose samples are fixed. */
	record Step(long step, long versionBefore, Map<String, Object> metrics) {
	}

	void insertPrepared(UUID runId, long step, long versionBefore, Map<String, Object> metrics) {
		jdbc.sql("INSERT INTO train_step (run_id, step, status, weights_version_before, metrics) "
				+ "VALUES (?, ?, 'PREPARED', ?, ?::jsonb)")
			.params(runId, step, versionBefore, Json.write(metrics))
			.update();
	}

	@Nullable Step prepared(UUID runId) {
		return jdbc.sql("SELECT step, weights_version_before, metrics FROM train_step WHERE run_id = ? "
				+ "AND status = 'PREPARED' ORDER BY step LIMIT 1")
			.param(runId)
			.query((rs, n) -> new Step(rs.getLong(1), rs.getLong(2), Json.readMap(rs.getString(3))))
			.optional()
			.orElse(null);
	}

	boolean hasSteps(UUID runId) {
		return jdbc.sql("SELECT count(*) FROM train_step WHERE run_id = ?").param(runId).query(Integer.class).single() > 0;
	}

	/** The step's batch, rebuilt from stored samples in a fixed order: identical after any restart. */
	List<TrainBatch.Item> batchItems(UUID runId, long step) {
		return jdbc.sql("""
				SELECT payload, advantage, disposition FROM sample
				WHERE run_id = ? AND step = ? AND disposition IN ('TRAINED', 'MASKED_TRUNCATED')
				ORDER BY job_id, group_index, sample_index""")
			.params(runId, step)
			.query((rs, n) -> new TrainBatch.Item(EventCodec.decode(rs.getBytes(1), RolloutScored.class).rollout(),
					rs.getDouble(2), "MASKED_TRUNCATED".equals(rs.getString(3))))
			.list();
	}

	void markApplied(UUID runId, long step, long weightsVersion, Map<String, Object> metrics) {
		int n = jdbc.sql("UPDATE train_step SET status = 'APPLIED', weights_version = ?, metrics = ?::jsonb, "
				+ "applied_at = now() WHERE run_id = ? AND step = ? AND status = 'PREPARED'")
			.params(weightsVersion, Json.write(metrics), runId, step)
			.update();
		if (n != 1) {
			throw new IllegalStateException("step " + step + " of run " + runId + " is not prepared");
		}
		jdbc.sql("UPDATE training_run SET step = ?, policy_version = ?, updated_at = now() WHERE id = ?")
			.params(step, weightsVersion, runId)
			.update();
	}

	void setPolicyVersion(UUID runId, long version) {
		jdbc.sql("UPDATE training_run SET policy_version = ? WHERE id = ?").params(version, runId).update();
	}

	void recordCheckpoint(UUID runId, long step, String name, String path, long weightsVersion) {
		jdbc.sql("INSERT INTO checkpoint (run_id, step, name, path, weights_version) VALUES (?, ?, ?, ?, ?) "
				+ "ON CONFLICT (run_id, step) DO UPDATE SET path = EXCLUDED.path")
			.params(runId, step, name, path, weightsVersion)
			.update();
	}

	/** Sample counts of this step's decided groups, by disposition. */
	Map<String, Integer> dispositionCounts(UUID runId, long step) {
		Map<String, Integer> out = new LinkedHashMap<>();
		jdbc.sql("SELECT disposition, count(*) FROM sample WHERE run_id = ? AND step = ? GROUP BY disposition "
				+ "ORDER BY disposition").params(runId, step)
			.query((rs, n) -> out.put(rs.getString(1), rs.getInt(2)))
			.list();
		return out;
	}

	/** Group counts of this step's decisions, by status and reason ({@code USED}, {@code ZERO_VARIANCE}, …). */
	Map<String, Integer> groupCounts(UUID runId, long step) {
		Map<String, Integer> out = new LinkedHashMap<>();
		jdbc.sql("SELECT COALESCE(reason, status), count(*) FROM sample_group WHERE run_id = ? AND step = ? "
				+ "GROUP BY 1 ORDER BY 1").params(runId, step)
			.query((rs, n) -> out.put(rs.getString(1), rs.getInt(2)))
			.list();
		return out;
	}

	static Disposition disposition(String name) {
		return Disposition.valueOf(name);
	}

}
