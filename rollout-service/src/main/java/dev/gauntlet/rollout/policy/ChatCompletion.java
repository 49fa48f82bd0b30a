package dev.gauntlet.rollout.policy;

import java.util.List;

import dev.gauntlet.contracts.ChatMessage;
import org.jspecify.annotations.Nullable;

/**
 * A policy's answer to one chat completion request.
 *
 * @param message the assistant message
 * @param finishReason {@code stop}, {@code length} or {@code tool_calls}, as the server said
 * @param promptTokenIds the prompt as the server tokenized it, or null when the server did not say
 * @param completionTokenIds the sampled tokens, or null when the server did not say
 * @param logprobs the logprob of each sampled token, or null
 * @param policyVersion the weight version the server reported, or null
 */
public record ChatCompletion(ChatMessage message, String finishReason, @Nullable List<Integer> promptTokenIds,
		@Nullable List<Integer> completionTokenIds, @Nullable List<Double> logprobs, @Nullable Long policyVersion) {

	/** Token in, token out is possible only when the server returned both sides, consistently. */
	public boolean hasTokens() {
		return promptTokenIds != null && completionTokenIds != null
				&& (logprobs == null || logprobs.size() == completionTokenIds.size());
	}

}
