package dev.gauntlet.contracts;

/** Why an episode ended. */
public enum FinishReason {

	/** The policy gave a final answer. */
	STOP,
	/** The token limit cut the answer: the response is truncated. */
	LENGTH,
	/** The episode used its turn limit without a final answer. */
	MAX_TURNS

}
