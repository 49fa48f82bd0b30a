package dev.gauntlet.trainer.grpo;

/** What became of a received sample. Stored with the sample, so every drop is counted exactly once. */
public enum Disposition {

	/** In a train step's batch. */
	TRAINED,
	/** In a train step's batch for its group's baseline, with no loss tokens: truncated, overlong mode MASK. */
	MASKED_TRUNCATED,
	/** An infrastructure failure: never a reward, never trained on. */
	FAILED,
	/**
	 * No usable token ids or behaviour logprobs (none returned, negative ids, positive logprobs, no policy-sampled
	 * token): can be scored, cannot be trained on.
	 */
	TEXT_ONLY,
	/** Its group lagged the current policy by more than the run's max staleness. */
	STALE,
	/** Its group had fewer usable samples than the minimum group size. */
	TOO_FEW,
	/** Its group's rewards were all equal (no GRPO signal) and zero-variance groups are dropped. */
	ZERO_VARIANCE,
	/** Its group did not complete in time. */
	TIMEOUT,
	/** An evaluation rollout: measured, never trained on. */
	EVALUATED

}
