package dev.gauntlet.rollout.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gauntlet.rollout.store.RolloutStore.RolloutRow;
import org.jspecify.annotations.Nullable;

/**
 * A job's status and its rollouts with rewards.
 *
 * @param status RUNNING, COMPLETED (nothing waits for a policy or a score) or CANCELLED
 * @param counts rollouts per status (PENDING, COMPLETED, SCORED, FAILED)
 * @param total every rollout of the job
 * @param done rollouts that are scored or failed: the job's progress is {@code done / total}
 * @param meanReward the mean reward of scored rollouts, or null when none is scored yet
 */
record JobView(UUID id, String environment, String status, Map<String, Long> counts, long total, long done,
		@Nullable Double meanReward,
		Instant createdAt, @Nullable Instant finishedAt, List<RolloutRow> rollouts) {
}
