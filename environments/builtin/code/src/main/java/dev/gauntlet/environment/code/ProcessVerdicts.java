package dev.gauntlet.environment.code;

import dev.gauntlet.sandbox.ProcessRun;
import org.jspecify.annotations.Nullable;

/** Verdicts on process runs: why a run failed before its output could even be compared. */
final class ProcessVerdicts {

	private static final int SIGKILL = 9;

	private static final int SIGXCPU = 24;

	private static final int SIGXFSZ = 25;

	private ProcessVerdicts() {
	}

	/** The failure of a run, or null when it exited 0 and its output should be compared. */
	static @Nullable TestVerdict failure(int index, @Nullable ProcessRun run, @Nullable ProcessRun first) {
		if (run == null) {
			// Runs stop after a compile error; the remaining tests share its verdict.
			if (first != null && first.compileError() != null) {
				return new TestVerdict(index, CodeStatus.COMPILE_ERROR, first.compileError());
			}
			return new TestVerdict(index, CodeStatus.SANDBOX_ERROR, "the sandbox returned no run for this test");
		}
		if (run.skipped() && !run.timedOut()) {
			return new TestVerdict(index, CodeStatus.FAILED, "not run: an earlier test already failed");
		}
		if (run.compileError() != null) {
			return new TestVerdict(index, CodeStatus.COMPILE_ERROR, run.compileError());
		}
		if (run.skipped() || run.timedOut() || isSignal(run, SIGXCPU) || isSignal(run, SIGKILL)) {
			return new TestVerdict(index, CodeStatus.TIMEOUT, "time limit exceeded");
		}
		if (run.outputLimit() || isSignal(run, SIGXFSZ)) {
			return new TestVerdict(index, CodeStatus.OUTPUT_LIMIT, "output limit exceeded");
		}
		String stderr = run.stderr();
		if (stderr.contains("error: compilation failed")) {
			return new TestVerdict(index, CodeStatus.COMPILE_ERROR, tail(stderr));
		}
		if (run.exitCode() == null || run.exitCode() != 0) {
			boolean memory = stderr.contains("MemoryError") || stderr.contains("java.lang.OutOfMemoryError");
			String why = run.signal() != null ? "killed by signal " + run.signal()
					: "exit status " + run.exitCode() + (stderr.isBlank() ? "" : ": " + tail(stderr));
			return new TestVerdict(index, memory ? CodeStatus.MEMORY : CodeStatus.RUNTIME_ERROR, why);
		}
		return null;
	}

	/** HumanEval-Java: passed only with exit 0 and the harness's secret echoed back. */
	static TestVerdict javaMain(ProcessRun run) {
		TestVerdict failure = failure(0, run, run);
		if (failure != null) {
			if (failure.status() == CodeStatus.RUNTIME_ERROR && run.stderr().contains("java.lang.AssertionError")) {
				return new TestVerdict(0, CodeStatus.FAILED, "an assert failed: " + tail(run.stderr()));
			}
			return failure;
		}
		if (!Boolean.TRUE.equals(run.proofOk())) {
			return new TestVerdict(0, CodeStatus.RUNTIME_ERROR, "the program exited before every test ran");
		}
		return new TestVerdict(0, CodeStatus.PASSED, "all asserts passed");
	}

	private static boolean isSignal(ProcessRun run, int signal) {
		return run.signal() != null && run.signal() == signal;
	}

	static String tail(String text) {
		String stripped = text.strip();
		return stripped.length() <= 500 ? stripped : "..." + stripped.substring(stripped.length() - 500);
	}

}
