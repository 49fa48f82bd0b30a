/** Jobs and rollouts from rollout-service: browsing, filters, and the trajectory viewer. */
@NullMarked
package dev.gauntlet.admin.rollouts;

import org.jspecify.annotations.NullMarked;
