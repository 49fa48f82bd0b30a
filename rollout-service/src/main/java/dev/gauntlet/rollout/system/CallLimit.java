package dev.gauntlet.rollout.system;

import java.time.Duration;

/**
 * How long one outbound call may take: its own timeout, or what is left of the rollout's deadline when that is
 * shorter, so that no call runs past the deadline. Knowing which one bounds the call tells a timeout apart from a
 * rollout that ran out of time.
 *
 * @param duration the time the call may take (at least 1 ms)
 * @param byDeadline whether the rollout's deadline, not the call's timeout, set it
 */
public record CallLimit(Duration duration, boolean byDeadline) {

	private static final Duration SHORTEST = Duration.ofMillis(1);

	/**
	 * @param timeout the call's own timeout
	 * @param deadline the rollout's deadline, a {@link System#nanoTime()} value
	 */
	public static CallLimit of(Duration timeout, long deadline) {
		long remaining = deadline - System.nanoTime();
		if (remaining >= timeout.toNanos()) {
			return new CallLimit(timeout, false);
		}
		return new CallLimit(Duration.ofNanos(Math.max(SHORTEST.toNanos(), remaining)), true);
	}

}
