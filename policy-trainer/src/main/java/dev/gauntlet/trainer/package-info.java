/** policy-trainer: the Java side of training. */
@NullMarked
package dev.gauntlet.trainer;

import org.jspecify.annotations.NullMarked;
