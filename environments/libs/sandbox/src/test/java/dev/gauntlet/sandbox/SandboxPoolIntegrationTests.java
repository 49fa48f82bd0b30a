package dev.gauntlet.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool's basic contract: functions jobs, process jobs, distinct uids. */
class SandboxPoolIntegrationTests {
	static SandboxPool pool;

	@BeforeAll
	static void start() {
		pool = SandboxPool.start(SandboxSettings.defaults().withWorkers(2));
	}

	@AfterAll
	static void stop() {
		pool.close();
	}

	static FunctionsJob functions(String program, List<String> tests) {
		return new FunctionsJob(program, "", tests, Map.of(), true, ResourceLimits.PYTHON_DEFAULTS,
				Duration.ofSeconds(5));
	}

	@Test
	void reportsEveryTestOfAFunctionsJob() {
		FunctionsOutcome outcome = pool.run(functions("def add(a, b):\n    return a + b\n",
				List.of("assert add(1, 2) == 3", "assert add(1, 2) == 4", "assert add((1,), (2,)) == (1, 2)")));

		assertThat(outcome.program()).isEqualTo(FunctionsOutcome.ProgramState.READY);
		assertThat(outcome.completed()).isTrue();
		assertThat(outcome.tests()).extracting(FunctionsOutcome.TestResult::passed).containsExactly(true, false, true);
		assertThat(outcome.tests().get(1).kind()).isEqualTo("assertion");
		assertThat(outcome.allPassed()).isFalse();
	}

	@Test
	void exceptionsOfTheProgramKeepTheirBuiltinType() {
		FunctionsOutcome outcome = pool.run(functions("def f(x):\n    raise ValueError('no')\n",
				List.of("try:\n    f(1)\n    assert False\nexcept ValueError:\n    pass", "assert f(1) == 1")));

		assertThat(outcome.tests().get(0).passed()).isTrue();
		assertThat(outcome.tests().get(1).errorType()).isEqualTo("ValueError");
	}

	@Test
	void aCompileErrorIsReportedAsSuch() {
		FunctionsOutcome outcome = pool.run(functions("def f(:\n", List.of("assert f() == 1")));

		assertThat(outcome.program()).isEqualTo(FunctionsOutcome.ProgramState.COMPILE_ERROR);
		assertThat(outcome.programError()).contains("SyntaxError");
		assertThat(outcome.allPassed()).isFalse();
	}

	@Test
	void processesJobFeedsStdinToAFreshProcessPerInput() {
		ProcessesOutcome outcome = pool.run(ProcessesJob.python(
				"import sys\ndata = sys.stdin.read().split()\nprint(sum(map(int, data)))\n",
				java.util.Arrays.asList("1 2 3\n", "40 2\n", null), ResourceLimits.PYTHON_DEFAULTS,
				Duration.ofSeconds(3), Duration.ofSeconds(10)));

		assertThat(outcome.runs()).extracting(ProcessRun::stdout).containsExactly("6\n", "42\n", "0\n");
		assertThat(outcome.runs()).extracting(ProcessRun::exitCode).containsExactly(0, 0, 0);
	}

	@Test
	void concurrentRunsHaveDistinctUnprivilegedUids() throws Exception {
		// Only root can hand each sandbox its own uid; other users' sandboxes share theirs (see SandboxPool).
		org.junit.jupiter.api.Assumptions.assumeTrue(SandboxPool.runningAsRoot(), "the verifier is not root");
		String program = "import os, time\ntime.sleep(0.4)\nprint(os.getuid())\n";
		var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> pool.run(ProcessesJob.python(
				program, java.util.Collections.singletonList(null), ResourceLimits.PYTHON_DEFAULTS,
				Duration.ofSeconds(3), Duration.ofSeconds(3))));
		var second = pool.run(ProcessesJob.python(program, java.util.Collections.singletonList(null),
				ResourceLimits.PYTHON_DEFAULTS, Duration.ofSeconds(3), Duration.ofSeconds(3)));

		int uid1 = Integer.parseInt(first.get().runs().get(0).stdout().strip());
		int uid2 = Integer.parseInt(second.runs().get(0).stdout().strip());
		assertThat(uid1).isNotEqualTo(uid2);
		assertThat(List.of(uid1, uid2)).allMatch(uid -> uid >= pool.settings().uidBase());
	}
}
