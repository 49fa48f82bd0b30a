package dev.gauntlet.verifier.math;

import dev.gauntlet.verifier.math.parse.Node;
import org.jspecify.annotations.Nullable;

/**
 * A gold answer parsed once, for environments that grade many responses against the same task.
 * Made by {@link MathVerifier#prepareGold}.
 *
 * @param text the gold as given
 * @param mode the mode it was prepared for
 * @param answer the parsed answer (LATEX and EXPR modes)
 * @param letter the option letter (MCQ mode)
 */
public record GoldAnswer(String text, AnswerMode mode, @Nullable Node answer, @Nullable String letter) {}
