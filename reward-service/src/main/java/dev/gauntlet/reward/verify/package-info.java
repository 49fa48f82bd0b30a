/** Verification through environment-service, with time limits and retries. */
@NullMarked
package dev.gauntlet.reward.verify;

import org.jspecify.annotations.NullMarked;
