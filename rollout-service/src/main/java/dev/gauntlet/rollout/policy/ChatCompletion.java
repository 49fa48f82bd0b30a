package dev.gauntlet.rollout.policy;

import java.util.List;

import dev.gauntlet.contracts.ChatMessage;
import org.jspecify.annotations.Nullable;

/**
 * A policy's answer to one chat completion request.
 *
 * @param message the assistant message (tool calls included, possibly with malformed arguments)
 * @param finishReason {@code stop}, {@code length} or {@code tool_calls}, as the server said
 * @param promptTokenIds the prompt as the server tokenized it, or null when the server did not say
 * @param completionTokenIds the sampled tokens, or null when the server did not say
 * @param logprobs the logprob of each sampled token, or null
 * @param tokenTexts the text of each sampled token (from {@code logprobs.content[].token}), or null
 * @param reasoningContent the thinking text when the server's reasoning parser split it out, or null
 * @param policyVersion the weight version the server reported, or null
 * @param usageCompletionTokens {@code usage.completion_tokens}, or null
 * @param forcedTokens for each completion token, whether the server forced it (thinking-budget enforcement,
 * {@code choices[0].forced_token_mask}); null when the server did not say
 */
public record ChatCompletion(ChatMessage message, String finishReason, @Nullable List<Integer> promptTokenIds,
		@Nullable List<Integer> completionTokenIds, @Nullable List<Double> logprobs, @Nullable List<String> tokenTexts,
		@Nullable String reasoningContent, @Nullable Long policyVersion,
		@Nullable Integer usageCompletionTokens, @Nullable List<Boolean> forcedTokens) {

	/** Token in, token out is possible only when the server returned both sides, consistently. */
	public boolean hasTokens() {
		return promptTokenIds != null && completionTokenIds != null
				&& (logprobs == null || logprobs.size() == completionTokenIds.size());
	}

	/** How many tokens were sampled: the ids, else the logprobs, else the server's usage count, else 0. */
	public int sampledTokens() {
		if (completionTokenIds != null) {
			return completionTokenIds.size();
		}
		if (logprobs != null) {
			return logprobs.size();
		}
		return usageCompletionTokens == null ? 0 : usageCompletionTokens;
	}

	/** Whether the server said how many tokens it sampled: ids, logprobs or a usage count. */
	public boolean knowsSampledTokens() {
		return completionTokenIds != null || logprobs != null || usageCompletionTokens != null;
	}

	/** Whether the server forced any token of this completion: its thinking budget was hit. */
	public boolean anyForced() {
		return forcedTokens != null && forcedTokens.contains(Boolean.TRUE);
	}

	public String text() {
		return message.content() == null ? "" : message.content();
	}

}
