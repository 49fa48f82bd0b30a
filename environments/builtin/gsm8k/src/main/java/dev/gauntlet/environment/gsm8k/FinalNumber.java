package dev.gauntlet.environment.gsm8k;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the final number of a GSM8K-style answer: the number after the last {@code ####}, or, when there is no
 * marker, nothing. Thinking text is ignored, so a number "decided" inside {@code <think>} does not count.
 */
final class FinalNumber {

	/** Answers are short; a longer tail is noise, and bounding it keeps the regex linear on hostile input. */
	private static final int MAX_TAIL = 200;

	private static final Pattern NUMBER = Pattern.compile("-?\\$?\\s*-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?");

	private FinalNumber() {
	}

	static Optional<BigDecimal> after(String marker, String text) {
		String visible = withoutThinking(text);
		int at = visible.lastIndexOf(marker);
		if (at < 0) {
			return Optional.empty();
		}
		String tail = visible.substring(at + marker.length());
		if (tail.length() > MAX_TAIL) {
			tail = tail.substring(0, MAX_TAIL);
		}
		Matcher m = NUMBER.matcher(tail);
		if (!m.find()) {
			return Optional.empty();
		}
		return Optional.of(parse(m.group()));
	}

	static BigDecimal parse(String number) {
		String digits = number.replace("$", "").replace(",", "").replaceAll("\\s", "");
		boolean negative = digits.startsWith("-");
		digits = digits.replace("-", "");
		BigDecimal value = new BigDecimal(digits);
		return (negative ? value.negate() : value).stripTrailingZeros();
	}

	/** Drops closed thinking blocks, and an unclosed one to the end: an answer never lives inside thinking. */
	static String withoutThinking(String text) {
		String visible = text.replaceAll("(?s)<think>.*?</think>", "");
		int open = visible.indexOf("<think>");
		return open < 0 ? visible : visible.substring(0, open);
	}

}
