/** The client for OpenAI-compatible policy endpoints. */
@NullMarked
package dev.gauntlet.rollout.policy;

import org.jspecify.annotations.NullMarked;
