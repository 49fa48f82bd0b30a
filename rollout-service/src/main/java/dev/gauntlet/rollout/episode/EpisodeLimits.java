package dev.gauntlet.rollout.episode;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When an episode stops without a final answer.
 *
 * @param maxTurns the most policy calls (assistant turns); reaching it ends the episode as {@code MAX_TURNS}
 * @param maxTotalTokens the most completion tokens over all turns, or null for no limit; reaching it ends the
 * episode as {@code LENGTH}
 * @param maxToolErrors malformed or failed tool calls after which the episode ends as {@code TOOL_ERRORS}
 * @param deadline the wall-clock limit of the whole rollout; passing it fails the rollout
 * ({@code rollout_deadline_exceeded})
 */
public record EpisodeLimits(int maxTurns, @Nullable Integer maxTotalTokens, int maxToolErrors, Duration deadline) {

	public EpisodeLimits {
		if (maxTurns < 1 || maxToolErrors < 1 || (maxTotalTokens != null && maxTotalTokens < 1)) {
			throw new IllegalArgumentException("limits must be at least 1");
		}
		if (deadline.isNegative() || deadline.isZero()) {
			throw new IllegalArgumentException("deadline must be positive");
		}
	}

}
