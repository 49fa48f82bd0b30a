/** Persistence of jobs and rollouts, and publishing through the outbox. */
@NullMarked
package dev.gauntlet.rollout.store;

import org.jspecify.annotations.NullMarked;
