package dev.gauntlet.environment.code;

import java.util.ArrayList;
import java.util.List;

import dev.gauntlet.sandbox.FunctionsOutcome;

/** Per-test verdicts from what the judge observed. A test never reported as run is not a pass. */
final class FunctionsVerdicts {

	private static final int SIGKILL = 9;

	private static final int SIGXCPU = 24;

	private FunctionsVerdicts() {
	}

	static List<TestVerdict> of(FunctionsOutcome outcome, int testCount) {
		if (outcome.harnessError() != null) {
			throw new dev.gauntlet.sandbox.SandboxFailureException(outcome.harnessError(), null);
		}
		List<TestVerdict> verdicts = new ArrayList<>();
		for (FunctionsOutcome.TestResult test : outcome.tests()) {
			if (test.index() == verdicts.size() && verdicts.size() < testCount) {
				verdicts.add(verdict(test, outcome));
			}
		}
		// Tests the judge never reported: say why the program stopped before them.
		CodeStatus missing;
		String detail;
		if (outcome.program() == FunctionsOutcome.ProgramState.COMPILE_ERROR) {
			missing = CodeStatus.COMPILE_ERROR;
			detail = String.valueOf(outcome.programError());
		}
		else if (outcome.timedOut() || killedForCpu(outcome)) {
			missing = CodeStatus.TIMEOUT;
			detail = "time limit exceeded";
		}
		else if (outcome.programError() != null && outcome.programError().startsWith("MemoryError")) {
			missing = CodeStatus.MEMORY;
			detail = "memory limit exceeded";
		}
		else if (outcome.outputLimit()) {
			missing = CodeStatus.OUTPUT_LIMIT;
			detail = "output limit exceeded";
		}
		else {
			missing = CodeStatus.RUNTIME_ERROR;
			detail = outcome.programError() != null ? outcome.programError()
					: "the program exited before every test ran";
		}
		while (verdicts.size() < testCount) {
			verdicts.add(new TestVerdict(verdicts.size(), missing, detail));
		}
		return verdicts;
	}

	private static TestVerdict verdict(FunctionsOutcome.TestResult test, FunctionsOutcome outcome) {
		String error = test.error() == null ? "" : test.error();
		CodeStatus status = switch (test.kind()) {
			case "ok" -> CodeStatus.PASSED;
			case "assertion", "test_error" -> CodeStatus.FAILED;
			case "candidate_error" -> "MemoryError".equals(test.errorType()) ? CodeStatus.MEMORY
					: CodeStatus.RUNTIME_ERROR;
			default -> killedForCpu(outcome) ? CodeStatus.TIMEOUT
					: outcome.outputLimit() ? CodeStatus.OUTPUT_LIMIT : CodeStatus.RUNTIME_ERROR;
		};
		String detail = status == CodeStatus.PASSED ? "passed" : error.isEmpty() ? test.kind() : error;
		return new TestVerdict(test.index(), status, detail);
	}

	private static boolean killedForCpu(FunctionsOutcome outcome) {
		return outcome.signal() != null && (outcome.signal() == SIGXCPU || outcome.signal() == SIGKILL);
	}

}
