/**
 * GRPO arithmetic, free of I/O: reward shaping, group filtering (failures, staleness, zero variance) and
 * advantage estimation. Everything here is a pure function of its inputs, so it is unit-tested against
 * hand-computed values.
 */
@NullMarked
package dev.gauntlet.trainer.grpo;

import org.jspecify.annotations.NullMarked;
