package dev.gauntlet.rollout.episode;

import java.util.List;

import dev.gauntlet.rollout.policy.ChatCompletion;
import org.jspecify.annotations.Nullable;

/** Counts the sampled tokens inside a thinking block from the server's own per-token texts. */
final class ThinkingCounter {

	static final String OPEN = "<think>";

	static final String CLOSE = "</think>";

	private ThinkingCounter() {
	}

	/** Whether this completion closed its thinking (or the server's reasoning parser already split it off). */
	static boolean closed(ChatCompletion c) {
		return c.text().contains(CLOSE) || (c.reasoningContent() != null && !c.text().isBlank());
	}

	/**
	 * Sampled tokens up to and including the one that completes {@code </think>}; every sampled token when the
	 * thinking was opened but never closed (that needs no per-token texts); 0 when the text shows no thinking at all;
	 * null when it cannot be told: the thinking closed inside this completion and the server gave no per-token texts
	 * (none at all, or {@code token_id:N} placeholders instead of texts).
	 */
	static @Nullable Integer count(ChatCompletion c) {
		String text = c.text();
		boolean thought = text.contains(OPEN) || text.contains(CLOSE)
				|| (c.reasoningContent() != null && !c.reasoningContent().isBlank());
		if (!thought) {
			return 0;
		}
		if (!text.contains(CLOSE)) {
			boolean allThinking = c.reasoningContent() == null || text.isBlank();
			return allThinking && c.knowsSampledTokens() ? c.sampledTokens() : null;
		}
		List<String> tokens = c.tokenTexts();
		if (tokens == null) {
			return null;
		}
		StringBuilder seen = new StringBuilder();
		for (int i = 0; i < tokens.size(); i++) {
			seen.append(tokens.get(i));
			if (seen.indexOf(CLOSE) >= 0) {
				return i + 1;
			}
		}
		return null;
	}

}
