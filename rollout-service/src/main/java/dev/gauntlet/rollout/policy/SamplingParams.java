package dev.gauntlet.rollout.policy;

import org.jspecify.annotations.Nullable;

/** Sampling parameters sent with every policy call of a job. */
public record SamplingParams(double temperature, double topP, int maxTokens, @Nullable Long seed) {
}
