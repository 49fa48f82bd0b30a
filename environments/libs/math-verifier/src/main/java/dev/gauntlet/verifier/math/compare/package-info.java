/** Equivalence of two parsed answers: numbers, expressions, relations, sets, intervals, matrices. */
@org.jspecify.annotations.NullMarked
package dev.gauntlet.verifier.math.compare;
