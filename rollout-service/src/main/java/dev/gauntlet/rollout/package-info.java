/** rollout-service: where a policy meets an environment. */
@NullMarked
package dev.gauntlet.rollout;

import org.jspecify.annotations.NullMarked;
