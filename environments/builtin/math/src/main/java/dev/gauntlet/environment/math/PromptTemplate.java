package dev.gauntlet.environment.math;

/** How the policy is asked to mark its final answer. */
public enum PromptTemplate {

	/** Reason, then put the final answer in {@code \boxed{}}: the MATH convention. */
	BOXED("Solve the following math problem step by step. Put your final answer within \\boxed{}."),

	/** Reason, then write the final answer after {@code ####} on the last line: the GSM8K convention. */
	HASHES("Solve the following math problem step by step. On the last line, write the final answer after '####', "
			+ "like this: #### 42");

	private final String instruction;

	PromptTemplate(String instruction) {
		this.instruction = instruction;
	}

	public String instruction() {
		return instruction;
	}

}
