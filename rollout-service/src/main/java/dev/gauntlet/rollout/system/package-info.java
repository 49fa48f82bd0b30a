/** Settings and shared infrastructure beans. */
@NullMarked
package dev.gauntlet.rollout.system;

import org.jspecify.annotations.NullMarked;
