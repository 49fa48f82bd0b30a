package dev.gauntlet.trainer.grpo;

import java.util.UUID;

/**
 * One received rollout of a group, as far as GRPO arithmetic needs it.
 *
 * @param rolloutId the rollout's identity
 * @param failed the rollout failed (infrastructure); it has no reward and is never trained on
 * @param reward the reward from reward-service (0 for a failed rollout, unused)
 * @param correct correctness in [0, 1]: the reward component {@code correct} when present, else the reward
 * @param completionTokens policy-sampled completion tokens
 * @param thinkingTokens tokens inside the thinking block
 * @param truncated the token limit cut the response
 * @param trainable the rollout carries token ids and behaviour logprobs
 * @param behaviourVersion the policy version that sampled it
 */
public record Sample(UUID rolloutId, boolean failed, double reward, double correct, int completionTokens,
		int thinkingTokens, boolean truncated, boolean trainable, long behaviourVersion) {

	/** The length that budget shaping measures: the thinking when there is any, else the whole completion. */
	public int reasoningLength() {
		return thinkingTokens > 0 ? thinkingTokens : completionTokens;
	}

}
