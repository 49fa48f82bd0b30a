/** One episode: seed the session, call the policy, record what it saw and produced. */
@NullMarked
package dev.gauntlet.rollout.episode;

import org.jspecify.annotations.NullMarked;
