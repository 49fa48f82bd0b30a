package dev.gauntlet.verifier.math;

import org.jspecify.annotations.Nullable;

/**
 * Whether a gold answer can be used for grading: it parses, and the verifier accepts it as equal
 * to itself (the Nemotron-CrossThink load-time filter).
 *
 * @param usable true when both hold
 * @param gold the prepared gold, when it parses
 * @param reason why it is not usable, otherwise null
 */
public record GoldCheck(boolean usable, @Nullable GoldAnswer gold, @Nullable String reason) {}
