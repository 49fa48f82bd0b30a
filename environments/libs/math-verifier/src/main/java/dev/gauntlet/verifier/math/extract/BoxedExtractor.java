package dev.gauntlet.verifier.math.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The content of the last {@code \boxed{…}} (or {@code \fbox}), with braces matched at any depth.
 *
 * <p>Earlier boxes are merged into the answer when only a separator stands between them: a comma,
 * semicolon, {@code and}/{@code or}, math delimiters, and at most a variable name being assigned
 * ({@code \boxed{2}, \boxed{3}}; {@code y_1 = \boxed{…} and y_2 = \boxed{…}}). Prose between
 * boxes ("First guess \boxed{5}. Checking again, it is \boxed{7}") keeps only the last one.
 * Identical neighbours are kept once ({@code \boxed{840}} twice is
 * 840, not 840840). A last box that is never closed is a truncated answer and is rejected.
 */
public final class BoxedExtractor {

	/** Result of a search: an answer, no box at all, or a last box left open. */
	public record Result(@Nullable String answer, boolean unclosed) {
		static final Result NONE = new Result(null, false);
		static final Result UNCLOSED = new Result(null, true);
	}

	private record Box(int start, int end, String content) {}

	private static final Pattern DELIMITERS = Pattern.compile(
			"\\$|\\\\[()\\[\\]]|\\\\q?quad|\\\\(?:text|mbox)\\{\\s*(and|or)\\s*\\}|\\s+");
	private static final Pattern SEPARATOR_ONLY = Pattern.compile(
			"(?i)(?:,|;|and|or|,and|,or)?(?:[a-z](?:_\\{?\\w+\\}?)?=)?");

	private BoxedExtractor() {}

	public static Result extract(String text) {
		List<Box> boxes = new ArrayList<>();
		int from = 0;
		while (true) {
			int b = nextBox(text, from);
			if (b < 0) {
				break;
			}
			int nameEnd = text.startsWith("\\boxed", b) ? b + 6 : b + 5;
			int p = nameEnd;
			while (p < text.length() && text.charAt(p) == ' ') {
				p++;
			}
			if (p < text.length() && text.charAt(p) == '{') {
				int close = matchingBrace(text, p);
				if (close < 0) {
					return Result.UNCLOSED;
				}
				boxes.add(new Box(b, close + 1, text.substring(p + 1, close)));
				from = close + 1;
			} else if (p > nameEnd && p < text.length()) {
				// \boxed 5: one token up to the next space or dollar sign
				int end = p;
				while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '$') {
					end++;
				}
				boxes.add(new Box(b, end, text.substring(p, end)));
				from = end;
			} else {
				from = nameEnd;
			}
		}
		if (boxes.isEmpty()) {
			return Result.NONE;
		}
		List<String> parts = new ArrayList<>();
		Box last = boxes.getLast();
		parts.add(last.content().trim());
		for (int i = boxes.size() - 2; i >= 0; i--) {
			Box box = boxes.get(i);
			String gap = text.substring(box.end(), boxes.get(i + 1).start());
			if (!joins(gap)) {
				break;
			}
			String content = box.content().trim();
			if (!content.equals(parts.getFirst())) {
				parts.addFirst(content);
			}
		}
		return new Result(String.join(", ", parts), false);
	}

	private static boolean joins(String gap) {
		if (gap.length() >= 70) {
			return false;
		}
		String core = DELIMITERS.matcher(gap).replaceAll("$1");
		return SEPARATOR_ONLY.matcher(core).matches();
	}

	private static int nextBox(String text, int from) {
		int a = text.indexOf("\\boxed", from);
		int b = text.indexOf("\\fbox", from);
		if (a < 0) {
			return b;
		}
		return b < 0 ? a : Math.min(a, b);
	}

	/** Index of the '}' closing the '{' at {@code open}, or -1; escaped braces are skipped. */
	static int matchingBrace(String text, int open) {
		int depth = 0;
		for (int i = open; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\') {
				i++;
			} else if (c == '{') {
				depth++;
			} else if (c == '}' && --depth == 0) {
				return i;
			}
		}
		return -1;
	}
}
