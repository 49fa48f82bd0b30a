package dev.gauntlet.verifier.math.extract;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The option letter a multiple-choice response settles on: a boxed letter, "the answer is C",
 * {@code \text{(C)}}, {@code (C)}, {@code C)}, or a response that is just the letter. The last
 * occurrence of the most explicit form wins.
 */
public final class LetterExtractor {

	private static final List<Pattern> PATTERNS_BY_PRIORITY = List.of(
			Pattern.compile("(?i)answer\\s*(?:is|:)\\s*(?:option\\s*)?[*$\\s]*(?:\\\\text\\{)?\\(?([A-Za-z])\\)?(?![A-Za-z])"),
			Pattern.compile("\\\\text\\{\\s*\\(?([A-Z])\\)?\\s*\\}"),
			Pattern.compile("\\(([A-Z])\\)"),
			Pattern.compile("(?<![A-Za-z(])([A-Z])\\)"),
			// a lone capital letter closing the response: "... so it is Jupiter. B"
			Pattern.compile("(?<![A-Za-z'])([A-Z])[.]?\\s*$"));
	private static final Pattern BARE = Pattern.compile("\\s*\\(?\\**([A-Za-z])\\**\\)?[.:]?\\s*");
	private static final Pattern BOXED_LETTER = Pattern.compile(
			"\\s*(?:\\\\text(?:bf)?\\{)?\\s*\\(?([A-Za-z])\\)?\\s*\\}?(?:[).:\\s].*)?", Pattern.DOTALL);

	private LetterExtractor() {}

	/** The upper-case letter, or null when the response names none. */
	public static @Nullable String extract(String response) {
		String text = ThinkingStripper.strip(response);
		if (text == null) {
			return null;
		}
		BoxedExtractor.Result boxed = BoxedExtractor.extract(text);
		if (boxed.unclosed()) {
			return null;
		}
		if (boxed.answer() != null) {
			Matcher m = BOXED_LETTER.matcher(boxed.answer());
			if (m.matches()) {
				return m.group(1).toUpperCase(java.util.Locale.ROOT);
			}
		}
		String tail = text.length() > AnswerExtractor.TAIL ? text.substring(text.length() - AnswerExtractor.TAIL) : text;
		Matcher bare = BARE.matcher(tail);
		if (bare.matches()) {
			return bare.group(1).toUpperCase(java.util.Locale.ROOT);
		}
		for (Pattern p : PATTERNS_BY_PRIORITY) {
			Matcher m = p.matcher(tail);
			String last = null;
			while (m.find()) {
				last = m.group(1);
			}
			if (last != null) {
				return last.toUpperCase(java.util.Locale.ROOT);
			}
		}
		return null;
	}
}
