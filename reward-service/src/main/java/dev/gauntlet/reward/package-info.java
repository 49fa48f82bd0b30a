/** reward-service: turns completed rollouts into scored ones. */
@NullMarked
package dev.gauntlet.reward;

import org.jspecify.annotations.NullMarked;
