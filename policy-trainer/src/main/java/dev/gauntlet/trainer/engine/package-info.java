/**
 * The engine's internal training API (docs/engine.md): the train step's batch encoded as a safetensors body,
 * loss options in its metadata, weight versions and checkpoints.
 */
@NullMarked
package dev.gauntlet.trainer.engine;

import org.jspecify.annotations.NullMarked;
