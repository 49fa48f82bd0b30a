package dev.gauntlet.rollout.episode;

import java.util.List;

import dev.gauntlet.contracts.ChatMessage;
import org.jspecify.annotations.Nullable;

/**
 * One assistant turn as generated, possibly over several calls (a thinking budget forces a close and continues).
 *
 * @param message the assistant message
 * @param finishReason the last call's finish reason
 * @param promptTokenIds the first call's prompt ids, or null when the server returned none (text-only)
 * @param completionTokenIds sampled and forced ids in order, or null when text-only
 * @param logprobs one per completion token (0 for forced ones), or empty when the server returned none
 * @param mask one {@code S} or {@code F} per completion token
 * @param thinkingTokens sampled tokens inside the thinking block, or null when unknown
 * @param sampledTokens tokens the policy sampled in this turn
 * @param budgetHit whether the thinking budget closed the thinking
 * @param mismatch why this turn's tokens cannot be trained on, or null
 * @param policyVersion the weight version the server reported for the turn's first call that reported one, or null
 */
record Generated(ChatMessage message, String finishReason, @Nullable List<Integer> promptTokenIds,
		@Nullable List<Integer> completionTokenIds, List<Double> logprobs, String mask, @Nullable Integer thinkingTokens,
		int sampledTokens, boolean budgetHit, @Nullable String mismatch, @Nullable Long policyVersion) {
}
