package dev.gauntlet.environment.bfcl;

/**
 * The verdict on one response.
 *
 * @param correct BFCL's binary verdict: as many calls as the ground truth, each matching a different one
 * @param f1 harmonic mean of precision (matching calls / calls made) and recall (matched / expected)
 * @param matched the size of the best one-to-one matching of calls to ground-truth calls
 * @param reason why, in words
 */
record BfclVerdict(boolean correct, double f1, int matched, int made, int expected, String reason) {

	static BfclVerdict unreadable(int expected, String reason) {
		return new BfclVerdict(false, 0, 0, 0, expected, reason);
	}

}
