package dev.gauntlet.verifier.math.compare;

/**
 * Tuning of one comparison; see {@code VerifierSettings} for the meaning of each field.
 *
 * @param relativeTolerance relative difference below which two approximate values are equal
 * @param minSignificantDigits digits a predicted decimal needs to stand for an exact gold value
 * @param allowSetRelationComparison whether a gold set may match a predicted relation
 * @param samplePoints random points at which expressions with variables are compared
 * @param seed seed of those points, so that verdicts are reproducible
 */
public record CompareOptions(
		double relativeTolerance,
		int minSignificantDigits,
		boolean allowSetRelationComparison,
		int samplePoints,
		long seed) {}
