package dev.gauntlet.verifier.math;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one check.
 *
 * <p>When {@link #isError()} is true the check itself failed (bad gold, time limit, internal
 * error): {@code reward} is 0 only to keep the field numeric, and it must not be trained on as a
 * wrong answer. Otherwise {@code reward} is 1 for a correct answer and 0 for a wrong or missing
 * one.
 *
 * @param correct whether the response's answer equals the gold answer
 * @param reward 1.0 or 0.0
 * @param extracted the answer text taken from the response, or null when none was found
 * @param status what happened
 * @param error why the check failed, for error statuses only
 */
public record Verdict(boolean correct, double reward, @Nullable String extracted, Status status,
		@Nullable String error) {

	public enum Status {
		CORRECT,
		INCORRECT,
		/** The response has no answer: nothing boxed, labelled or numeric, a truncated box or thinking. */
		NO_ANSWER,
		/** Error: the gold answer is empty or cannot be parsed. */
		INVALID_GOLD,
		/** Error: the check ran past the time limit. */
		TIMEOUT,
		/** Error: the verifier itself failed; a bug, reported rather than thrown. */
		INTERNAL_ERROR;

		public boolean isError() {
			return this == INVALID_GOLD || this == TIMEOUT || this == INTERNAL_ERROR;
		}
	}

	public boolean isError() {
		return status.isError();
	}

	static Verdict graded(boolean correct, String extracted) {
		return new Verdict(correct, correct ? 1.0 : 0.0, extracted, correct ? Status.CORRECT : Status.INCORRECT, null);
	}

	static Verdict noAnswer() {
		return new Verdict(false, 0.0, null, Status.NO_ANSWER, null);
	}

	static Verdict error(Status status, @Nullable String extracted, String message) {
		return new Verdict(false, 0.0, extracted, status, message);
	}
}
