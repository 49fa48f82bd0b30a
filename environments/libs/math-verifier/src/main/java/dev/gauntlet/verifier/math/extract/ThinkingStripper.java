package dev.gauntlet.verifier.math.extract;

import org.jspecify.annotations.Nullable;

/** Removes {@code <think>…</think>}: reasoning is never graded, only what follows it. */
public final class ThinkingStripper {

	private ThinkingStripper() {}

	/** The visible answer text, or null when thinking was opened and never closed (truncated). */
	public static @Nullable String strip(String response) {
		int close = response.lastIndexOf("</think>");
		if (close >= 0) {
			// Chat templates often put <think> in the prompt, so only the closing tag may appear.
			return response.substring(close + "</think>".length());
		}
		return response.contains("<think>") ? null : response;
	}
}
