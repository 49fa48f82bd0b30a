package dev.gauntlet.trainer.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read models for the UI: steps with metrics, checkpoints, evaluations, accuracy by budget, sample counts. */
@Component
class RunQueries {

	private final JdbcClient jdbc;

	RunQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record StepView(long step, String status, @Nullable Long policyVersion, Map<String, Object> metrics,
			Instant preparedAt, @Nullable Instant appliedAt) {
	}

	record CheckpointView(long step, String name, String path, long weightsVersion, Instant createdAt) {
	}

	/**
	 * @param step the run's step when the evaluation was requested
	 * @param scored scored samples; {@code failed}: failed ones (never counted as wrong)
	 */
	record EvaluationView(long step, String environment, long scored, long failed, @Nullable Double meanReward,
			@Nullable Double accuracy) {
	}

	/** @param mode {@code on}, {@code off}, or null when the run has no reasoning control */
	record BudgetView(@Nullable String mode, @Nullable Integer budgetTokens, long samples, double accuracy,
			double meanThinkingTokens, double meanCompletionTokens) {
	}

	List<StepView> steps(UUID runId, long after, int limit) {
		return jdbc.sql("SELECT step, status, weights_version, metrics, prepared_at, applied_at FROM train_step "
				+ "WHERE run_id = ? AND step > ? ORDER BY step LIMIT ?")
			.params(runId, after, limit)
			.query((rs, n) -> new StepView(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3),
					RunStore.JSON.readValue(rs.getString(4), new TypeReference<Map<String, Object>>() {
					}), rs.getTimestamp(5).toInstant(),
					rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
			.list();
	}

	List<CheckpointView> checkpoints(UUID runId) {
		return jdbc.sql("SELECT step, name, path, weights_version, created_at FROM checkpoint WHERE run_id = ? ORDER BY step")
			.param(runId)
			.query((rs, n) -> new CheckpointView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					rs.getTimestamp(5).toInstant()))
			.list();
	}

	List<EvaluationView> evaluations(UUID runId) {
		return jdbc.sql("""
				SELECT r.eval_step, r.environment, count(*) FILTER (WHERE s.outcome = 'SCORED'),
				    count(*) FILTER (WHERE s.outcome = 'FAILED'), avg(s.reward), avg(s.correct)
				FROM rollout_request r JOIN sample s ON s.job_id = r.job_id
				WHERE r.run_id = ? AND r.purpose = 'EVAL' GROUP BY 1, 2 ORDER BY 1, 2""")
			.param(runId)
			.query((rs, n) -> new EvaluationView(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
					(Double) rs.getObject(5), (Double) rs.getObject(6)))
			.list();
	}

	List<BudgetView> budgetAccuracy(UUID runId) {
		return jdbc.sql("""
				SELECT r.reasoning_mode, r.budget_tokens, count(*), avg(CASE WHEN s.correct > 0.5 THEN 1.0 ELSE 0.0 END),
				    avg(s.thinking_tokens), avg(s.length_tokens)
				FROM rollout_request r JOIN sample s ON s.job_id = r.job_id
				WHERE r.run_id = ? AND r.purpose = 'TRAIN' AND s.outcome = 'SCORED'
				GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2 NULLS FIRST""")
			.param(runId)
			.query((rs, n) -> new BudgetView(rs.getString(1), (Integer) rs.getObject(2), rs.getLong(3),
					rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)))
			.list();
	}

	/** Samples by disposition ({@code PENDING}: received, not yet decided). */
	Map<String, Long> sampleCounts(UUID runId) {
		Map<String, Long> out = new LinkedHashMap<>();
		jdbc.sql("SELECT COALESCE(disposition, 'PENDING'), count(*) FROM sample WHERE run_id = ? GROUP BY 1 ORDER BY 1")
			.param(runId)
			.query((rs, n) -> out.put(rs.getString(1), rs.getLong(2)))
			.list();
		return out;
	}

}
