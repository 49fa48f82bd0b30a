package dev.gauntlet.environment.code;

/**
 * The verdict on one test.
 *
 * @param index position of the test in the task
 * @param status {@link CodeStatus#PASSED} only when the test was observed to run and succeed
 * @param detail why, for people: the assertion, the exception or the first differing line
 */
public record TestVerdict(int index, CodeStatus status, String detail) {

	public boolean passed() {
		return status == CodeStatus.PASSED;
	}

}
