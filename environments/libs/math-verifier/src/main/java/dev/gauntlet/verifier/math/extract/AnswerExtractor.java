package dev.gauntlet.verifier.math.extract;

import dev.gauntlet.verifier.math.extract.Candidate.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the candidates for the final answer in a model response, most trusted first. The
 * verifier parses them in order and grades the first one that parses.
 *
 * <ol>
 *   <li>the last {@code \boxed{}} (merged with adjacent boxes; an unclosed one is rejected),
 *   <li>"final answer is …", then {@code Answer: …}, then GSM8K {@code #### …},
 *   <li>the last math environment ({@code $…$}, {@code \[…\]}, {@code \(…\)}, {@code $$…$$}),
 *   <li>the whole text when it is short and not prose,
 *   <li>the last number (optional).
 * </ol>
 *
 * Labels and environments are searched in the last {@value #TAIL} characters only: final
 * answers come last, and it bounds the regex work on hostile input.
 */
public final class AnswerExtractor {

	static final int TAIL = 4_000;
	private static final int WHOLE_TEXT_LIMIT = 300;

	private static final Pattern FINAL_ANSWER = Pattern.compile(
			"(?i)final\\s*answer\\s*(?:is|:)?\\s*:?\\s*([^\\n]+)");
	/** "Answer: x", "answer is: x", or "the answer is x." up to the end of that sentence. */
	private static final Pattern ANSWER_LABEL = Pattern.compile(
			"(?i)answer\\s*(?:is\\s*)?[:：]\\s*([^\\n]*)|answer\\s+is\\s+([^\\n]*?)(?:\\.(?=\\s|$)|\\n|$)");
	private static final Pattern HASHES = Pattern.compile("####\\s*([^\\n]+)");
	private static final Pattern LAST_NUMBER = Pattern.compile(
			"(?<![\\w.])-?(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)");
	private static final Pattern I_HOPE = Pattern.compile("(?i)\\.?\\s*I hope it is correct.*$");
	private static final Pattern SHORT_WORDS = Pattern.compile("[A-Za-z \\-']{1,40}");
	private static final Pattern LETTER_RUN = Pattern.compile("(?<!\\\\)(?<![A-Za-z])[A-Za-z]{4,}");
	private static final Set<String> MATH_WORDS = Set.of(
			"percent", "degree", "degrees", "sqrt", "infinity", "inches", "miles", "hours", "minutes",
			"seconds", "meters", "dollars", "cents", "units", "feet", "pounds", "days", "weeks",
			"years", "months", "mile", "hour", "inch", "foot", "yard", "yards", "gallons", "liters",
			"pmatrix", "bmatrix", "matrix", "array", "infty", "mathrm", "textbf");

	private AnswerExtractor() {}

	/**
	 * The candidates of one response, found lazily in priority order: the verifier usually stops at
	 * the box, so the label and number searches only run when it is missing or unreadable.
	 */
	public static final class Extraction implements Iterable<Candidate> {

		private final String text;
		private final boolean latex;
		private final boolean lastNumberFallback;
		private final boolean mathEnvironmentFallback;
		private final @Nullable String failure;
		private final @Nullable Candidate boxed;

		private Extraction(String text, boolean latex, boolean lastNumberFallback, boolean mathEnvironmentFallback,
				@Nullable String failure, @Nullable Candidate boxed) {
			this.text = text;
			this.latex = latex;
			this.lastNumberFallback = lastNumberFallback;
			this.mathEnvironmentFallback = mathEnvironmentFallback;
			this.failure = failure;
			this.boxed = boxed;
		}

		/** Why the response has no answer at all (truncated thinking or box), or null. */
		public @Nullable String failure() {
			return failure;
		}

		@Override
		public java.util.Iterator<Candidate> iterator() {
			List<java.util.function.Supplier<@Nullable Candidate>> stages = new ArrayList<>();
			if (failure == null) {
				String tail = text.length() > TAIL ? text.substring(text.length() - TAIL) : text;
				stages.add(() -> boxed);
				stages.add(() -> labelled(FINAL_ANSWER, tail, "final answer", Source.FINAL_ANSWER));
				stages.add(() -> labelled(ANSWER_LABEL, tail, "answer", Source.ANSWER_LABEL));
				stages.add(() -> labelled(HASHES, tail, "####", Source.HASHES));
				if (latex && mathEnvironmentFallback) {
					stages.add(() -> {
						String env = lastEnvironment(tail);
						return env == null ? null : new Candidate(env, Source.MATH_ENVIRONMENT);
					});
				}
				stages.add(() -> {
					String trimmed = text.strip();
					return !trimmed.isEmpty() && trimmed.length() <= WHOLE_TEXT_LIMIT && !isProse(trimmed)
							? new Candidate(trimmed, Source.WHOLE_TEXT) : null;
				});
				if (lastNumberFallback) {
					stages.add(() -> {
						String number = lastNumber(tail);
						return number == null ? null : new Candidate(number, Source.LAST_NUMBER);
					});
				}
			}
			return new java.util.Iterator<>() {
				private int stage;
				private @Nullable Candidate next;

				@Override
				public boolean hasNext() {
					while (next == null && stage < stages.size()) {
						next = stages.get(stage++).get();
					}
					return next != null;
				}

				@Override
				public Candidate next() {
					if (!hasNext()) {
						throw new java.util.NoSuchElementException();
					}
					Candidate c = next;
					next = null;
					return c;
				}
			};
		}
	}

	public static Extraction fromResponse(String response, boolean latex, boolean lastNumberFallback,
			boolean mathEnvironmentFallback) {
		String text = ThinkingStripper.strip(response);
		if (text == null) {
			return new Extraction("", latex, lastNumberFallback, mathEnvironmentFallback, "thinking never closed", null);
		}
		Candidate boxed = null;
		if (latex) {
			BoxedExtractor.Result result = BoxedExtractor.extract(text);
			if (result.unclosed()) {
				return new Extraction(text, latex, lastNumberFallback, mathEnvironmentFallback, "unclosed \\boxed", null);
			}
			if (result.answer() != null) {
				boxed = new Candidate(result.answer(), Source.BOXED);
			}
		}
		return new Extraction(text, latex, lastNumberFallback, mathEnvironmentFallback, null, boxed);
	}

	/** The last number, scanning back from the last digit in windows so no regex sees the whole text. */
	private static @Nullable String lastNumber(String text) {
		int end = text.length();
		while (end > 0) {
			int lastDigit = -1;
			for (int i = end - 1; i >= 0; i--) {
				if (Character.isDigit(text.charAt(i))) {
					lastDigit = i;
					break;
				}
			}
			if (lastDigit < 0) {
				return null;
			}
			int windowStart = Math.max(0, lastDigit - 120);
			String found = lastMatch(LAST_NUMBER, text.substring(windowStart, lastDigit + 1), 0);
			if (found != null) {
				return found;
			}
			end = windowStart == 0 ? 0 : windowStart + 30; // overlap so a number across the cut is seen whole
			if (end >= lastDigit) {
				end = lastDigit;
			}
		}
		return null;
	}

	/**
	 * The text after the last occurrence of a label. The search starts at that occurrence, so
	 * "Final Answer: The final answer is $12$." reads the inner, last label.
	 */
	private static @Nullable Candidate labelled(Pattern pattern, String tail, String keyword, Source source) {
		int at = lastIndexOfIgnoreCase(tail, keyword);
		while (at >= 0) {
			Matcher m = pattern.matcher(tail);
			m.region(at, tail.length());
			if (m.lookingAt()) {
				String found = null;
				for (int g = 1; g <= m.groupCount() && found == null; g++) {
					found = m.group(g);
				}
				String cleaned = found == null ? "" : cleanLabelled(found);
				return cleaned.isEmpty() ? null : new Candidate(cleaned, source);
			}
			at = at == 0 ? -1 : lastIndexOfIgnoreCase(tail.substring(0, at + keyword.length() - 1), keyword);
		}
		return null;
	}

	private static int lastIndexOfIgnoreCase(String text, String keyword) {
		for (int i = text.length() - keyword.length(); i >= 0; i--) {
			if (text.regionMatches(true, i, keyword, 0, keyword.length())) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The answer inside a gold string: its boxed answer or its math environment, or the whole
	 * string ({@code $125$ miles} → {@code 125}; {@code 7425000} as is).
	 */
	public static List<Candidate> fromGold(String gold) {
		List<Candidate> out = new ArrayList<>();
		BoxedExtractor.Result boxed = BoxedExtractor.extract(gold);
		if (boxed.answer() != null) {
			out.add(new Candidate(boxed.answer(), Source.BOXED));
		}
		String env = lastEnvironment(gold.length() > TAIL ? gold.substring(gold.length() - TAIL) : gold);
		if (env != null && env.length() + 4 >= stripOuterDelimiters(gold).length() / 2) {
			out.add(new Candidate(env, Source.MATH_ENVIRONMENT));
		}
		out.add(new Candidate(gold.strip(), Source.WHOLE_TEXT));
		return out;
	}

	private static String stripOuterDelimiters(String s) {
		return s.replace("$", "").strip();
	}

	/** "$\frac{1}{2}$. I hope it is correct." → "\frac{1}{2}"; markdown bold removed. */
	private static String cleanLabelled(String s) {
		String t = I_HOPE.matcher(s).replaceFirst("");
		t = t.replace("**", "").replace("__", "").strip();
		if (t.startsWith("$") || t.startsWith("\\(") || t.startsWith("\\[")) {
			String env = lastEnvironment(t);
			if (env != null) {
				return env.strip();
			}
		}
		return t;
	}

	private static @Nullable String lastMatch(Pattern pattern, String text, int group) {
		Matcher m = pattern.matcher(text);
		String last = null;
		while (m.find()) {
			last = m.group(group);
		}
		return last;
	}

	/**
	 * The content of the last {@code $$…$$}, {@code \[…\]}, {@code \(…\)} or {@code $…$}. A plain
	 * scanner rather than a regex: Java's regex engine recurses per repetition and overflows the
	 * stack on long hostile input.
	 */
	static @Nullable String lastEnvironment(String text) {
		String last = null;
		int i = 0;
		int n = text.length();
		while (i < n) {
			char c = text.charAt(i);
			String close = null;
			int open = 0;
			if (c == '$' && i + 1 < n && text.charAt(i + 1) == '$') {
				close = "$$";
				open = 2;
			} else if (c == '\\' && i + 1 < n && (text.charAt(i + 1) == '[' || text.charAt(i + 1) == '(')) {
				close = text.charAt(i + 1) == '[' ? "\\]" : "\\)";
				open = 2;
			} else if (c == '\\') {
				i += 2; // an escaped character such as \$ is never a delimiter
				continue;
			} else if (c == '$') {
				close = "$";
				open = 1;
			}
			if (close == null) {
				i++;
				continue;
			}
			int end = findClosing(text, i + open, close);
			if (end < 0) {
				i += open;
				continue;
			}
			String content = text.substring(i + open, end);
			if (!content.isBlank()) {
				last = content;
			}
			i = end + close.length();
		}
		return last == null ? null : last.strip();
	}

	private static int findClosing(String text, int from, String close) {
		for (int j = from; j < text.length(); j++) {
			char c = text.charAt(j);
			if (close.equals("$") && c == '\\') {
				j++; // skip escaped characters inside $…$
			} else if (text.startsWith(close, j)) {
				return j;
			}
		}
		return -1;
	}

	/** Long words that are not commands or units mark prose, which is not parsed whole. */
	private static boolean isProse(String text) {
		Matcher m = LETTER_RUN.matcher(text);
		int words = 0;
		while (m.find()) {
			if (!MATH_WORDS.contains(m.group().toLowerCase(java.util.Locale.ROOT))) {
				words++;
			}
		}
		return words > 0 && !(words == 1 && SHORT_WORDS.matcher(text).matches());
	}
}
