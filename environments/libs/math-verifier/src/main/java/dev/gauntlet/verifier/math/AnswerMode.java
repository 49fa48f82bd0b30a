package dev.gauntlet.verifier.math;

/** How the final answer is looked for in a response. */
public enum AnswerMode {
	/** Full extraction: boxes, answer labels, math environments, whole text, last number. */
	LATEX,
	/** Plain text: answer labels, whole text, last number; boxes and {@code $…$} are not searched. */
	EXPR,
	/** Multiple choice: an option letter, compared with the gold letter. */
	MCQ;

	/** Reads {@code latex}, {@code expr} or {@code mcq}, case-insensitively. */
	public static AnswerMode parse(String name) {
		return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
			case "latex" -> LATEX;
			case "expr" -> EXPR;
			case "mcq" -> MCQ;
			default -> throw new IllegalArgumentException("unknown mode '" + name + "' (latex, expr or mcq)");
		};
	}
}
