/** The trainer's settings and wiring. */
@NullMarked
package dev.gauntlet.trainer.system;

import org.jspecify.annotations.NullMarked;
