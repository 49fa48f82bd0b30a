/** The consumer of completed rollouts: dedupe, verify, persist, publish. */
@NullMarked
package dev.gauntlet.reward.scoring;

import org.jspecify.annotations.NullMarked;
