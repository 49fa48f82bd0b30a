package dev.gauntlet.environment.qa;

/** The two Nemotron-CrossThink templates. */
public enum QaFormat {

	/** Options labelled (A), (B), …; the answer is a letter. */
	MULTIPLE_CHOICE("Answer the following multiple-choice question. Think step by step, then give the letter of "
			+ "the correct option in \\boxed{}, for example \\boxed{C}."),

	/** A short free answer, graded by the math verifier's equivalence engine (numbers, expressions, words). */
	OPEN_ENDED("Answer the following question. Think step by step, then put your final short answer in \\boxed{}.");

	private final String instruction;

	QaFormat(String instruction) {
		this.instruction = instruction;
	}

	public String instruction() {
		return instruction;
	}

}
