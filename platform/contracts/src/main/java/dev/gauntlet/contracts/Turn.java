package dev.gauntlet.contracts;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One policy call, token in and token out: exactly the ids the policy saw and produced. Training uses these ids
 * and never re-tokenizes text.
 *
 * @param promptTokenIds the whole prompt as the policy server tokenized it
 * @param completionTokenIds the completion, as sampled (and, under budget enforcement, forced)
 * @param completionLogprobs the behaviour logprob of each completion token; empty when the server returned none
 * @param completionMask one character per completion token: {@link #SAMPLED} for a policy-sampled token (trained
 * on), {@link #FORCED} for a token forced by budget enforcement (never trained on; its logprob is 0 and means
 * nothing)
 * @param thinkingTokens sampled completion tokens inside the thinking block in this turn; null when unknown (added
 * in schema 1, optional)
 * @param policyVersion the weight version the server reported for this call; null when it did not say (added in
 * schema 1, optional)
 */
public record Turn(List<Integer> promptTokenIds, List<Integer> completionTokenIds, List<Double> completionLogprobs,
		String completionMask, @Nullable Integer thinkingTokens, @Nullable Long policyVersion) {

	public static final char SAMPLED = 'S';

	public static final char FORCED = 'F';

	public Turn {
		Checks.noNullElements(promptTokenIds, "promptTokenIds");
		Checks.noNullElements(completionTokenIds, "completionTokenIds");
		completionLogprobs = completionLogprobs == null ? List.of() : completionLogprobs;
		Checks.noNullElements(completionLogprobs, "completionLogprobs");
		completionMask = completionMask == null ? "" : completionMask;
		Checks.require(completionMask.length() == completionTokenIds.size(),
				"completionMask has %s entries for %s completion tokens", completionMask.length(),
				completionTokenIds.size());
		Checks.require(completionLogprobs.isEmpty() || completionLogprobs.size() == completionTokenIds.size(),
				"completionLogprobs has %s entries for %s completion tokens", completionLogprobs.size(),
				completionTokenIds.size());
		Checks.require(completionMask.chars().allMatch(c -> c == SAMPLED || c == FORCED),
				"completionMask may only contain '%s' and '%s'", SAMPLED, FORCED);
		Checks.require(thinkingTokens == null || (thinkingTokens >= 0 && thinkingTokens <= completionTokenIds.size()),
				"thinkingTokens %s is outside 0..%s", thinkingTokens, completionTokenIds.size());
		Checks.require(policyVersion == null || policyVersion >= 0, "policyVersion must not be negative: %s",
				policyVersion);
		promptTokenIds = List.copyOf(promptTokenIds);
		completionTokenIds = List.copyOf(completionTokenIds);
		completionLogprobs = List.copyOf(completionLogprobs);
	}

	/** A turn without reasoning counts or a reported version, as schema 1 first defined it. */
	public Turn(List<Integer> promptTokenIds, List<Integer> completionTokenIds, List<Double> completionLogprobs,
			String completionMask) {
		this(promptTokenIds, completionTokenIds, completionLogprobs, completionMask, null, null);
	}

	/** A turn whose completion was sampled entirely by the policy. */
	public static Turn sampled(List<Integer> prompt, List<Integer> completion, List<Double> logprobs) {
		return new Turn(prompt, completion, logprobs, String.valueOf(SAMPLED).repeat(completion.size()));
	}

}
