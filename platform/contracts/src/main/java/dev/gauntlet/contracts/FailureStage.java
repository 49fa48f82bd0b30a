package dev.gauntlet.contracts;

/** Where a rollout failed. None of these is a wrong answer, so none may become a reward. */
public enum FailureStage {

	/** The policy endpoint timed out, refused, or answered with an error or an unusable body. */
	POLICY,
	/** The environment (seed, tools) was unreachable or answered with an error. */
	ENVIRONMENT,
	/** The verifier crashed, timed out, or was unreachable. */
	VERIFIER,
	/** The job was cancelled before the rollout finished. */
	CANCELLED,
	/** A bug or resource failure inside Gauntlet. */
	INTERNAL

}
