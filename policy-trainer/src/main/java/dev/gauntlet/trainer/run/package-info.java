/** Training runs: their configuration, status and history. */
@NullMarked
package dev.gauntlet.trainer.run;

import org.jspecify.annotations.NullMarked;
