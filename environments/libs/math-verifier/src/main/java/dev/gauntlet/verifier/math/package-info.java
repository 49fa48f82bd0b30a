/**
 * Math answer verification: {@link dev.gauntlet.verifier.math.MathVerifier} grades a model
 * response against a gold answer and returns a {@link dev.gauntlet.verifier.math.Verdict}.
 * Subpackages hold the engine (extraction, parsing, exact arithmetic, comparison) and are not
 * a stable API.
 */
@org.jspecify.annotations.NullMarked
package dev.gauntlet.verifier.math;
