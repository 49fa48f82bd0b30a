/** Settings and shared infrastructure beans. */
@NullMarked
package dev.gauntlet.reward.system;

import org.jspecify.annotations.NullMarked;
