package dev.gauntlet.contracts;

/** Why an episode ended. */
public enum FinishReason {

	/** The policy gave a final answer. */
	STOP,
	/** The token limit cut the answer: the response is truncated. */
	LENGTH,
	/** The episode used its turn limit without a final answer. */
	MAX_TURNS,
	/**
	 * The policy made more malformed or failing tool calls than the job allows. The policy's doing, so the rollout
	 * is scored like any other; readers older than this constant refuse it (added with the agent loop).
	 */
	TOOL_ERRORS

}
