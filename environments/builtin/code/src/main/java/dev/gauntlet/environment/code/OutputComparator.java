package dev.gauntlet.environment.code;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Compares a program's stdout with the expected output the way LiveCodeBench does: both are stripped and split
 * into lines, each line stripped; the line counts must match; a line matches when it is equal, or when its
 * whitespace-separated tokens match one by one, a token matching when it is equal or when both read as the same
 * decimal number ({@code 1.0} = {@code 1}, exactly, no tolerance). With a tolerance, numbers may also differ by
 * at most {@code tolerance} absolutely or relatively. Case matters and tokens are never reordered.
 */
public final class OutputComparator {

	private OutputComparator() {
	}

	/** Why the output was rejected, or null when it matches. */
	public static @Nullable String mismatch(String expected, String actual, @Nullable Double tolerance) {
		List<String> want = lines(expected);
		List<String> got = lines(actual);
		if (want.size() != got.size()) {
			return "expected " + want.size() + " lines, got " + got.size();
		}
		for (int i = 0; i < want.size(); i++) {
			if (!lineMatches(want.get(i), got.get(i), tolerance)) {
				return "line " + (i + 1) + ": expected '" + abbreviate(want.get(i)) + "', got '" + abbreviate(got.get(i))
						+ "'";
			}
		}
		return null;
	}

	static List<String> lines(String text) {
		String stripped = text.strip();
		List<String> lines = new ArrayList<>();
		if (stripped.isEmpty()) {
			return lines;
		}
		for (String line : stripped.split("\r?\n", -1)) {
			lines.add(line.strip());
		}
		return lines;
	}

	private static boolean lineMatches(String want, String got, @Nullable Double tolerance) {
		if (want.equals(got)) {
			return true;
		}
		String[] a = want.split("\\s+");
		String[] b = got.split("\\s+");
		if (a.length != b.length) {
			return false;
		}
		for (int i = 0; i < a.length; i++) {
			if (!a[i].equals(b[i]) && !numbersMatch(a[i], b[i], tolerance)) {
				return false;
			}
		}
		return true;
	}

	private static boolean numbersMatch(String want, String got, @Nullable Double tolerance) {
		BigDecimal x = decimal(want);
		BigDecimal y = decimal(got);
		if (x == null || y == null) {
			return false;
		}
		if (x.compareTo(y) == 0) {
			return true;
		}
		if (tolerance == null) {
			return false;
		}
		double diff = Math.abs(x.doubleValue() - y.doubleValue());
		return diff <= tolerance || diff <= tolerance * Math.abs(x.doubleValue());
	}

	private static @Nullable BigDecimal decimal(String token) {
		if (token.length() > 400 || !token.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?")) {
			return null; // also keeps "1e999999999" from costing anything
		}
		try {
			return new BigDecimal(token);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String abbreviate(String line) {
		return line.length() <= 80 ? line : line.substring(0, 77) + "...";
	}

}
