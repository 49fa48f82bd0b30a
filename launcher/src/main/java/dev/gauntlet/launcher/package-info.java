/** The {@code gauntlet} command: the local all-in-one stack, job submission, verification and benchmarks. */
@NullMarked
package dev.gauntlet.launcher;

import org.jspecify.annotations.NullMarked;
