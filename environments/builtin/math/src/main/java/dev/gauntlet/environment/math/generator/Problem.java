package dev.gauntlet.environment.math.generator;

/**
 * One generated problem.
 *
 * @param question the problem statement, LaTeX allowed
 * @param answer the gold answer, in a form the math verifier reads
 */
public record Problem(String question, String answer) {
}
