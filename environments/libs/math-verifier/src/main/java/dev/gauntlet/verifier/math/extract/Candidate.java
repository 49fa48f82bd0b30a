package dev.gauntlet.verifier.math.extract;

/** One piece of a response that may be the final answer, with where it was found. */
public record Candidate(String text, Source source) {

	public enum Source { BOXED, FINAL_ANSWER, ANSWER_LABEL, HASHES, MATH_ENVIRONMENT, WHOLE_TEXT, LAST_NUMBER, LETTER }
}
