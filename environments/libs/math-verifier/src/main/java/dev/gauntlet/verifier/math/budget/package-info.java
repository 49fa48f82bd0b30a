/** Time and size budgets that keep one check bounded on hostile input. */
@org.jspecify.annotations.NullMarked
package dev.gauntlet.verifier.math.budget;
