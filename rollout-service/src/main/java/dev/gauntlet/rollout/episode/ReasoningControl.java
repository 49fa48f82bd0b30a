package dev.gauntlet.rollout.episode;

import org.jspecify.annotations.Nullable;

/**
 * How much a policy may think: {@code reasoning: {mode: on|off, budgetTokens: N}} in a job.
 *
 * @param thinking false switches thinking off, the way the endpoint's model family understands it
 * @param budgetTokens the most thinking tokens per assistant turn; null for no budget. Enforced by the server when the
 * endpoint supports {@code thinking_budget}, by Gauntlet otherwise
 */
public record ReasoningControl(boolean thinking, @Nullable Integer budgetTokens) {

	public static final ReasoningControl DEFAULT = new ReasoningControl(true, null);

	public ReasoningControl {
		if (budgetTokens != null && budgetTokens < 1) {
			throw new IllegalArgumentException("budgetTokens must be at least 1: " + budgetTokens);
		}
	}

}
