package dev.gauntlet.rollout.episode;

import java.util.ArrayList;
import java.util.List;

import dev.gauntlet.contracts.TokenTrajectory;
import dev.gauntlet.contracts.Turn;
import org.jspecify.annotations.Nullable;

/**
 * Keeps an episode's tokens exactly as the policy saw and produced them. Every turn after the first must extend the
 * previous turn's prompt and completion token for token; the tokens in between (tool results, chat-template tokens)
 * are environment tokens. A turn that does not extend the sequence is never re-tokenized to fit: the rollout is
 * marked untrainable with the position where it diverged. So is one whose sampled tokens came without logprobs.
 */
final class TokenLedger {

	private final List<Integer> ids = new ArrayList<>();

	private final StringBuilder mask = new StringBuilder();

	private final List<Double> logprobs = new ArrayList<>();

	private final List<Turn> turns = new ArrayList<>();

	private @Nullable String untrainable;

	void add(Generated turn) {
		if (turn.mismatch() != null) {
			markUntrainable(turn.mismatch());
			return;
		}
		if (turn.promptTokenIds() == null || turn.completionTokenIds() == null) {
			markUntrainable("text_only: the policy server returned no token ids for turn " + (turns.size() + 1));
			return;
		}
		if (turn.logprobs().isEmpty() && !turn.completionTokenIds().isEmpty()) {
			// without the behaviour logprobs a sampled token cannot be trained on; 0.0 would claim certainty
			markUntrainable("no_logprobs: the policy server returned token ids but no logprobs for turn "
					+ (turns.size() + 1));
		}
		turns.add(new Turn(turn.promptTokenIds(), turn.completionTokenIds(), turn.logprobs(), turn.mask(),
				turn.thinkingTokens(), turn.policyVersion()));
		if (untrainable != null) {
			return;
		}
		List<Integer> prompt = turn.promptTokenIds();
		if (ids.isEmpty()) {
			append(prompt, TokenTrajectory.PROMPT);
		}
		else {
			int diverges = divergence(ids, prompt);
			if (diverges >= 0) {
				markUntrainable("token_mismatch: turn " + turns.size()
						+ "'s prompt does not extend the previous turn's tokens (first difference at position "
						+ diverges + ")");
				return;
			}
			append(prompt.subList(ids.size(), prompt.size()), TokenTrajectory.ENVIRONMENT);
		}
		List<Integer> completion = turn.completionTokenIds();
		for (int i = 0; i < completion.size(); i++) {
			char m = turn.mask().charAt(i);
			ids.add(completion.get(i));
			mask.append(m == Turn.FORCED ? TokenTrajectory.FORCED : TokenTrajectory.SAMPLED);
			logprobs.add(m == Turn.SAMPLED ? turn.logprobs().get(i) : 0.0);
		}
	}

	private void append(List<Integer> tokens, char kind) {
		ids.addAll(tokens);
		mask.append(String.valueOf(kind).repeat(tokens.size()));
		for (int i = 0; i < tokens.size(); i++) {
			logprobs.add(0.0);
		}
	}

	private void markUntrainable(String reason) {
		if (untrainable == null) {
			untrainable = reason;
		}
	}

	/** The first index where {@code candidate} does not continue {@code prefix}, or -1 when it does. */
	static int divergence(List<Integer> prefix, List<Integer> candidate) {
		int n = Math.min(prefix.size(), candidate.size());
		for (int i = 0; i < n; i++) {
			if (!prefix.get(i).equals(candidate.get(i))) {
				return i;
			}
		}
		return candidate.size() < prefix.size() ? candidate.size() : -1;
	}

	List<Turn> turns() {
		return List.copyOf(turns);
	}

	@Nullable String untrainableReason() {
		return turns.isEmpty() && untrainable == null ? "text_only: no policy turn returned token ids" : untrainable;
	}

	@Nullable TokenTrajectory trajectory() {
		return untrainableReason() != null ? null : new TokenTrajectory(ids, mask.toString(), logprobs);
	}

}
