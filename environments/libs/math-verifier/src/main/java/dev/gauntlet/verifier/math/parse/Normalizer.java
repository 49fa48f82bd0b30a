package dev.gauntlet.verifier.math.parse;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String-level clean-up of an extracted answer before parsing: spacing commands, delimiter
 * sizing, thousands separators, currency, unicode operators, {@code and}/{@code or} lists.
 */
public final class Normalizer {

	/** Commands whose doubled backslash ({@code \\le} from over-escaped sources) is repaired. */
	private static final Set<String> REPAIRABLE_COMMANDS = Set.of(
			"le", "leq", "ge", "geq", "lt", "gt", "ne", "neq", "frac", "dfrac", "tfrac", "sqrt", "boxed",
			"text", "pi", "infty", "cdot", "times", "pm", "mp", "in", "cup", "left", "right", "sin",
			"cos", "tan", "log", "ln", "circ", "begin", "end", "mathrm", "mbox");

	private static final Pattern DOUBLED_BACKSLASH = Pattern.compile("\\\\\\\\([a-zA-Z]+)");
	private static final Pattern LATEX_THOUSANDS = Pattern.compile("(\\d)(?:,\\\\!|\\{,\\}|\\\\,)\\s*(?=\\d{3}(?!\\d))");
	private static final Pattern SIZING = Pattern.compile(
			"\\\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![a-zA-Z])\\.?");
	private static final Pattern SPACING = Pattern.compile(
			"(?<!\\\\)\\\\(?:displaystyle|textstyle|limits|quad|qquad|hfill|,|;|:|!| )(?![a-zA-Z])|~");
	private static final Pattern FRAC_VARIANTS = Pattern.compile("\\\\[dtc]frac(?![a-zA-Z])");
	private static final Pattern BINOM_VARIANTS = Pattern.compile("\\\\[dt]binom(?![a-zA-Z])");
	private static final Pattern DEGREE_MARK = Pattern.compile("\\^\\s*\\{\\s*\\\\circ\\s*\\}|\\^\\s*\\\\circ(?![a-zA-Z])|\\\\degree(?![a-zA-Z])|\\^\\s*\\{\\s*°\\s*\\}");
	private static final Pattern LIST_WORDS = Pattern.compile(
			"\\\\(?:text|mbox|textnormal|mathrm)\\{\\s*(?:and|or)\\s*\\}|(?<![a-zA-Z\\\\])(?:and|or)(?![a-zA-Z])");
	private static final Pattern INFINITY_WORDS = Pattern.compile("(?<![a-zA-Z\\\\])(?:infinity|infty|inf)(?![a-zA-Z])");

	private Normalizer() {}

	public static String normalize(String answer) {
		String s = repairDoubledBackslashes(answer);
		s = replaceUnicode(s);
		// Each rewrite runs only when its trigger is present: most answers are short and plain.
		if (s.indexOf('\\') >= 0 || s.contains("{,}")) {
			s = LATEX_THOUSANDS.matcher(s).replaceAll("$1");
			s = SIZING.matcher(s).replaceAll("");
			s = SPACING.matcher(s).replaceAll(" ");
			if (s.contains("frac") || s.contains("binom")) {
				s = FRAC_VARIANTS.matcher(s).replaceAll("\\\\frac");
				s = BINOM_VARIANTS.matcher(s).replaceAll("\\\\binom");
			}
		} else if (s.indexOf('~') >= 0) {
			s = s.replace('~', ' ');
		}
		if (s.indexOf('$') >= 0) {
			s = s.replace("\\$", "").replace("$", "");
		}
		s = s.replace("\\%", "%");
		if (s.contains("circ") || s.contains("degree") || s.indexOf('°') >= 0) {
			s = DEGREE_MARK.matcher(s).replaceAll("°");
		}
		if (s.contains("and") || s.contains("or")) {
			s = LIST_WORDS.matcher(s).replaceAll(",");
		}
		if (s.contains("inf")) {
			s = INFINITY_WORDS.matcher(s).replaceAll("\\\\infty ");
		}
		return trimPunctuation(s);
	}

	private static String repairDoubledBackslashes(String s) {
		if (!s.contains("\\\\")) {
			return s;
		}
		Matcher m = DOUBLED_BACKSLASH.matcher(s);
		StringBuilder out = new StringBuilder(s.length());
		while (m.find()) {
			String replacement = REPAIRABLE_COMMANDS.contains(m.group(1)) ? "\\\\" + m.group(1) : "$0";
			m.appendReplacement(out, replacement.equals("$0") ? Matcher.quoteReplacement(m.group()) : replacement);
		}
		m.appendTail(out);
		return out.toString();
	}

	private static String replaceUnicode(String s) {
		StringBuilder out = null;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			String r = switch (c) {
				case '−', '–', '—' -> "-";
				case '×', '·', '⋅', '∙' -> "*";
				case '÷' -> "/";
				case '≤', '⩽' -> "\\le ";
				case '≥', '⩾' -> "\\ge ";
				case '≠' -> "\\ne ";
				case '√' -> "\\sqrt";
				case 'π' -> "\\pi ";
				case '∞' -> "\\infty ";
				case '∪' -> "\\cup ";
				case '∈' -> "\\in ";
				case '±' -> "\\pm ";
				case '€', '£', '¥', '₹' -> "";
				case '\u00a0', '\u2009', '\u202f' -> " ";
				default -> null;
			};
			if (r != null && out == null) {
				out = new StringBuilder(s.length() + 8).append(s, 0, i);
			}
			if (out != null) {
				if (r != null) {
					out.append(r);
				} else {
					out.append(c);
				}
			}
		}
		return out == null ? s : out.toString();
	}

	private static String trimPunctuation(String s) {
		int start = 0;
		int end = s.length();
		while (start < end && (Character.isWhitespace(s.charAt(start)) || s.charAt(start) == ',')) {
			start++;
		}
		while (end > start) {
			char c = s.charAt(end - 1);
			boolean escaped = end - 2 >= start && s.charAt(end - 2) == '\\';
			if (Character.isWhitespace(c) || ((c == '.' || c == ',' || c == ';' || c == '!') && !escaped
					&& !(c == '!' && end - 2 >= start && Character.isLetterOrDigit(s.charAt(end - 2))))) {
				end--;
			} else {
				break;
			}
		}
		return s.substring(start, end);
	}
}
