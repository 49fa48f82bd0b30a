package dev.gauntlet.rollout;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that the far side of a connection makes true, for at most a bounded time. */
final class Await {

	private Await() {
	}

	/** @return whether {@code condition} held within {@code limit} */
	static boolean until(Duration limit, BooleanSupplier condition) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return condition.getAsBoolean();
			}
		}
		return true;
	}

}
