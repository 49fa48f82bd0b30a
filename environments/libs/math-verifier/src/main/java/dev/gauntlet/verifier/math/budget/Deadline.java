package dev.gauntlet.verifier.math.budget;

/**
 * The wall-clock budget of one check, polled cooperatively by every loop and recursion.
 *
 * <p>Java cannot safely kill a thread, so the limit is enforced from inside: each step that can
 * repeat calls {@link #tick()}, and every single arithmetic step is size-capped so that no one
 * step outlasts the budget by much. Reading the clock costs about 20 ns, so it is read every 64
 * ticks.
 */
public final class Deadline {

	private static final int TICKS_PER_CLOCK_READ = 64;

	private final long deadlineNanos;
	private int ticks;

	private Deadline(long deadlineNanos) {
		this.deadlineNanos = deadlineNanos;
	}

	public static Deadline after(java.time.Duration budget) {
		return new Deadline(System.nanoTime() + budget.toNanos());
	}

	/** A deadline that never expires, for tests of pure parsing. */
	public static Deadline none() {
		return new Deadline(Long.MAX_VALUE);
	}

	/** Throws {@link BudgetExceeded} once the budget is spent. */
	public void tick() {
		if (++ticks % TICKS_PER_CLOCK_READ == 0) {
			checkNow();
		}
	}

	public void checkNow() {
		if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
			throw BudgetExceeded.INSTANCE;
		}
	}
}
