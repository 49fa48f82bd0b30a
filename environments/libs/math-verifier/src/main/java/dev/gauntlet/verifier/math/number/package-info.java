/** Exact rationals and the two-tier (exact, then approximate) complex values the engine computes with. */
@org.jspecify.annotations.NullMarked
package dev.gauntlet.verifier.math.number;
