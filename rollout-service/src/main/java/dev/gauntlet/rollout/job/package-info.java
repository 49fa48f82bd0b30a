/** Rollout jobs: the REST API, validation and fan-out into rollouts. */
@NullMarked
package dev.gauntlet.rollout.job;

import org.jspecify.annotations.NullMarked;
