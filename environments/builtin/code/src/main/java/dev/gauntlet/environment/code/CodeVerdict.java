package dev.gauntlet.environment.code;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The verdict on a response to a code task.
 *
 * @param passed every test was observed to run and pass
 * @param reward 1/0 (all-pass) or the fraction of tests passed, per {@link CodeSettings#rewardMode()}
 * @param status {@link CodeStatus#PASSED}, or the most severe reason a test did not pass
 * @param tests one verdict per test of the task, in order
 * @param code the program extracted from the response, null when there was none
 * @param detail a one-line explanation
 */
public record CodeVerdict(boolean passed, double reward, CodeStatus status, List<TestVerdict> tests,
		@Nullable String code, String detail) {

	public CodeVerdict {
		tests = List.copyOf(tests);
	}

	static CodeVerdict of(List<TestVerdict> tests, @Nullable String code, CodeSettings.RewardMode mode) {
		CodeStatus status = CodeStatus.PASSED;
		long passedCount = 0;
		String detail = "all " + tests.size() + " tests passed";
		for (TestVerdict test : tests) {
			if (test.passed()) {
				passedCount++;
			}
			else if (status == CodeStatus.PASSED || test.status().severity() > status.severity()) {
				status = test.status();
				detail = "test " + test.index() + ": " + test.detail();
			}
		}
		boolean passed = !tests.isEmpty() && passedCount == tests.size();
		if (tests.isEmpty()) {
			status = CodeStatus.SANDBOX_ERROR;
			detail = "the task has no tests";
		}
		double reward = switch (mode) {
			case ALL_PASS -> passed ? 1.0 : 0.0;
			case PASS_FRACTION -> tests.isEmpty() ? 0.0 : (double) passedCount / tests.size();
		};
		return new CodeVerdict(passed, reward, status, tests, code, detail);
	}

	static CodeVerdict failure(CodeStatus status, int testCount, @Nullable String code, String detail) {
		List<TestVerdict> tests = new java.util.ArrayList<>();
		for (int i = 0; i < testCount; i++) {
			tests.add(new TestVerdict(i, status, detail));
		}
		return new CodeVerdict(false, 0.0, status, tests, code, detail);
	}

}
