package dev.gauntlet.verifier.math.budget;

/** Thrown inside the engine when a check runs out of time or size budget; never leaves the API. */
public final class BudgetExceeded extends RuntimeException {

	static final BudgetExceeded INSTANCE = new BudgetExceeded("time limit exceeded");

	public BudgetExceeded(String message) {
		// No stack trace: this is control flow, thrown on hostile input, and must stay cheap.
		super(message, null, false, false);
	}
}
