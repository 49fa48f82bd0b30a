/** LaTeX and plain-text answers to an exact symbolic form ({@link dev.gauntlet.verifier.math.parse.Node}). */
@org.jspecify.annotations.NullMarked
package dev.gauntlet.verifier.math.parse;
