package dev.gauntlet.environment.spi;

/** A task id with one sample's reward, as {@link Environment#aggregate} receives it. */
public record ScoredTask(String taskId, double reward) {
}
