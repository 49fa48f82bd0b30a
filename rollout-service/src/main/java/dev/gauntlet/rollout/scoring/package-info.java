/** Keeps rollouts up to date with their scores and failures from Kafka. */
@NullMarked
package dev.gauntlet.rollout.scoring;

import org.jspecify.annotations.NullMarked;
