package dev.gauntlet.environment.code;

/**
 * A special judge for stdio tasks whose answers are not unique (any valid permutation, any shortest path...).
 * Register one per task with {@link CodeVerifier#registerJudge}; a task row can instead carry a Python
 * {@code checker}, which runs inside the sandbox.
 */
@FunctionalInterface
public interface OutputJudge {

	/** Whether {@code actual} is an accepted answer to {@code input}, given the reference {@code expected}. */
	boolean accepts(String input, String expected, String actual);

}
