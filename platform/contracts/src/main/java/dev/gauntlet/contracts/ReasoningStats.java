package dev.gauntlet.contracts;

/**
 * How much a rollout thought.
 *
 * @param thinkingTokens tokens inside the thinking block, over all turns
 * @param answerTokens completion tokens outside it
 * @param budgetHit whether a thinking budget was reached and the thinking forcibly closed
 */
public record ReasoningStats(int thinkingTokens, int answerTokens, boolean budgetHit) {

	public static final ReasoningStats NONE = new ReasoningStats(0, 0, false);

	public ReasoningStats {
		Checks.require(thinkingTokens >= 0 && answerTokens >= 0, "token counts must not be negative");
	}

}
