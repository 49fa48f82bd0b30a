package dev.gauntlet.contracts;

import java.util.List;

/**
 * A multi-turn episode as the one token sequence the policy extended turn by turn, with a loss mask. Built only
 * when every turn's prompt began with exactly the previous turn's prompt and completion, so training reads ids the
 * policy really saw and never re-tokenizes text.
 *
 * @param tokenIds the last turn's prompt followed by its completion
 * @param mask one character per token: {@link #PROMPT} the initial prompt, {@link #SAMPLED} sampled by the policy
 * (trained on), {@link #FORCED} forced by budget enforcement, {@link #ENVIRONMENT} added between turns (tool
 * results, chat-template tokens); only {@code S} is trained on
 * @param logprobs the behaviour logprob of each token; 0 where the mask is not {@code S}
 */
public record TokenTrajectory(List<Integer> tokenIds, String mask, List<Double> logprobs) {

	public static final char PROMPT = 'P';

	public static final char SAMPLED = 'S';

	public static final char FORCED = 'F';

	public static final char ENVIRONMENT = 'E';

	public TokenTrajectory {
		Checks.noNullElements(tokenIds, "trajectory.tokenIds");
		Checks.notNull(mask, "trajectory.mask");
		Checks.noNullElements(logprobs, "trajectory.logprobs");
		Checks.require(mask.length() == tokenIds.size() && logprobs.size() == tokenIds.size(),
				"trajectory has %s tokens, %s mask entries and %s logprobs", tokenIds.size(), mask.length(),
				logprobs.size());
		Checks.require(mask.chars().allMatch(c -> c == PROMPT || c == SAMPLED || c == FORCED || c == ENVIRONMENT),
				"trajectory.mask may only contain P, S, F and E");
		tokenIds = List.copyOf(tokenIds);
		logprobs = List.copyOf(logprobs);
	}

	/** How many tokens carry the mask character {@code c}. */
	public long count(char c) {
		return mask.chars().filter(m -> m == c).count();
	}

}
