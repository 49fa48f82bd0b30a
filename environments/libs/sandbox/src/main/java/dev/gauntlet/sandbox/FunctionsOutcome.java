package dev.gauntlet.sandbox;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the judge observed. {@link #completed()} is true only when the judge itself reported that it
 * ran every test: that report travels on a pipe the program never holds, so the program cannot fake
 * it by exiting early, printing, or writing to any file descriptor it has.
 *
 * @param program how far the program got before the tests
 * @param programError the compile error or the exception that stopped the program, if any
 * @param tests one result per test that was observed to finish (missing ones did not finish)
 * @param completed the judge reported every test finished
 * @param timedOut the wall-clock deadline expired and everything was killed
 * @param signal the signal that ended the program's process, when it died of one
 * @param harnessError the trusted setup or the judge itself failed (a bad task, not a bad program)
 */
public record FunctionsOutcome(
		ProgramState program,
		@Nullable String programError,
		List<TestResult> tests,
		boolean completed,
		boolean timedOut,
		@Nullable Integer exitCode,
		@Nullable Integer signal,
		String stdout,
		String stderr,
		boolean outputLimit,
		@Nullable String harnessError) {

	public FunctionsOutcome {
		tests = List.copyOf(tests);
	}

	public enum ProgramState {
		/** Its module code ran to the end; the tests then called it. */
		READY,
		COMPILE_ERROR,
		/** It raised, exited or was killed before the tests could start. */
		DIED,
		/** Nothing was heard from it (deadline, or the sandbox failed). */
		UNKNOWN
	}

	/**
	 * @param kind {@code ok}, {@code assertion} (a wrong answer), {@code candidate_error} (the
	 *     program raised), {@code died} (the program's process is gone) or {@code test_error}
	 * @param errorType the exception type the program raised, for {@code candidate_error}
	 */
	public record TestResult(int index, boolean passed, String kind, @Nullable String errorType,
			@Nullable String error) {}

	/** True when every test ran and passed, as reported by the judge. */
	public boolean allPassed() {
		return completed && !timedOut && tests.stream().allMatch(TestResult::passed);
	}
}
