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
 * @param counts rollouts per status (PENDING, COMPLETED, SCORED, FAILED)
 * @param meanReward the mean reward of scored rollouts, or null when none is scored yet
 */
record JobView(UUID id, String environment, String status, Map<String, Long> counts, @Nullable Double meanReward,
		Instant createdAt, @Nullable Instant finishedAt, List<RolloutRow> rollouts) {
}
