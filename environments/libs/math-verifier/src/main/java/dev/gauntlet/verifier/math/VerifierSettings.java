package dev.gauntlet.verifier.math;

import java.time.Duration;

/**
 * Settings of a {@link MathVerifier}. Start from {@link #defaults()} and change fields with the
 * {@code with…} methods.
 *
 * @param timeLimit wall-clock budget of one check; past it the verdict is {@link Verdict.Status#TIMEOUT}
 * @param lastNumberFallback whether the last number of a response is its answer when nothing
 *     better is found (GSM8K "flexible" style)
 * @param mathEnvironmentFallback whether the last {@code $…$} environment is an answer when there
 *     is no box or answer label
 * @param allowSetRelationComparison whether a gold set or interval may match a predicted relation
 *     ({@code x ∈ [-2,7]} vs {@code -2 ≤ x ≤ 7}); off by default so that an inequality cannot
 *     stand in for "give the set" (the reverse, gold relation vs predicted set, is always allowed)
 * @param relativeTolerance relative difference under which two irrational values are equal
 * @param minSignificantDigits significant digits a predicted decimal needs to stand for an exact
 *     non-decimal gold ({@code 0.0833} for {@code 1/12} yes, {@code 0.08} no)
 * @param samplePoints random points at which expressions with variables are compared
 * @param seed seed of those points, so that the same inputs always get the same verdict
 */
public record VerifierSettings(
		Duration timeLimit,
		boolean lastNumberFallback,
		boolean mathEnvironmentFallback,
		boolean allowSetRelationComparison,
		double relativeTolerance,
		int minSignificantDigits,
		int samplePoints,
		long seed) {

	public VerifierSettings {
		requireArgument(!timeLimit.isNegative() && !timeLimit.isZero(), "time limit must be positive: " + timeLimit);
		requireArgument(relativeTolerance > 0 && relativeTolerance < 1e-2,
				"relative tolerance must be in (0, 0.01): " + relativeTolerance);
		requireArgument(minSignificantDigits >= 1, "min significant digits must be at least 1: " + minSignificantDigits);
		requireArgument(samplePoints >= 1 && samplePoints <= 32, "sample points must be in [1, 32]: " + samplePoints);
	}

	public static VerifierSettings defaults() {
		return new VerifierSettings(Duration.ofSeconds(1), true, true, false, 1e-9, 3, 4, 0x6A09E667L);
	}

	public VerifierSettings withTimeLimit(Duration limit) {
		return new VerifierSettings(limit, lastNumberFallback, mathEnvironmentFallback,
				allowSetRelationComparison, relativeTolerance, minSignificantDigits, samplePoints, seed);
	}

	public VerifierSettings withLastNumberFallback(boolean enabled) {
		return new VerifierSettings(timeLimit, enabled, mathEnvironmentFallback,
				allowSetRelationComparison, relativeTolerance, minSignificantDigits, samplePoints, seed);
	}

	public VerifierSettings withMathEnvironmentFallback(boolean enabled) {
		return new VerifierSettings(timeLimit, lastNumberFallback, enabled,
				allowSetRelationComparison, relativeTolerance, minSignificantDigits, samplePoints, seed);
	}

	public VerifierSettings withAllowSetRelationComparison(boolean allowed) {
		return new VerifierSettings(timeLimit, lastNumberFallback, mathEnvironmentFallback,
				allowed, relativeTolerance, minSignificantDigits, samplePoints, seed);
	}

	public VerifierSettings withRelativeTolerance(double tolerance) {
		return new VerifierSettings(timeLimit, lastNumberFallback, mathEnvironmentFallback,
				allowSetRelationComparison, tolerance, minSignificantDigits, samplePoints, seed);
	}

	public VerifierSettings withMinSignificantDigits(int digits) {
		return new VerifierSettings(timeLimit, lastNumberFallback, mathEnvironmentFallback,
				allowSetRelationComparison, relativeTolerance, digits, samplePoints, seed);
	}

	private static void requireArgument(boolean ok, String message) {
		if (!ok) {
			throw new IllegalArgumentException(message);
		}
	}
}
