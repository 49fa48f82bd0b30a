/**
 * The training loop: rollout requests that keep the pipeline full, the exactly-once intake of scored and failed
 * rollouts (Kafka offsets stored in PostgreSQL with the samples), and the per-run worker that plans, trains,
 * checkpoints and publishes each step, resumable at any point.
 */
@NullMarked
package dev.gauntlet.trainer.loop;

import org.jspecify.annotations.NullMarked;
