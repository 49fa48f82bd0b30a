package dev.gauntlet.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Python tests that call the program's functions (HumanEval, MBPP). The program runs in one process
 * and the tests in another, the judge; every call crosses between them as plain data.
 *
 * @param program the untrusted program (module source)
 * @param setup trusted code run in the judge before the tests (HumanEval prompt and test, MBPP setup)
 * @param tests trusted test snippets, one per test, run in order in the judge's namespace
 * @param bindings judge name → program name, always bound (HumanEval: candidate → entry point)
 * @param autoBind also bind every name the tests use that the setup and builtins do not define
 * @param limits rlimits of the program's process
 * @param wallTime deadline for the whole job
 */
public record FunctionsJob(
		String program,
		String setup,
		List<String> tests,
		Map<String, String> bindings,
		boolean autoBind,
		ResourceLimits limits,
		Duration wallTime) {

	public FunctionsJob {
		tests = List.copyOf(tests);
		bindings = Map.copyOf(bindings);
	}
}
