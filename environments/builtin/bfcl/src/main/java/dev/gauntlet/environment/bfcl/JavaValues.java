package dev.gauntlet.environment.bfcl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * BFCL's Java type converter: Java arguments arrive as strings of Java source ({@code "42"}, {@code "true"},
 * {@code "new ArrayList<>(Arrays.asList(1, 2))"}, {@code "new HashMap<>() {{ put(\"k\", 1); }}"}) and are read
 * into the value they denote for the parameter's declared Java type. Text that does not parse as that type stays
 * a string, as in BFCL, where it may still match a ground truth that names a variable.
 */
final class JavaValues {

	/** The Java type names in BFCL's Java function documents, and the Python type each converts to. */
	static final Map<String, PyValues.PyType> TYPES = Map.ofEntries(Map.entry("byte", PyValues.PyType.INT),
			Map.entry("short", PyValues.PyType.INT), Map.entry("integer", PyValues.PyType.INT),
			Map.entry("int", PyValues.PyType.INT), Map.entry("long", PyValues.PyType.INT),
			Map.entry("float", PyValues.PyType.FLOAT), Map.entry("double", PyValues.PyType.FLOAT),
			Map.entry("char", PyValues.PyType.STR), Map.entry("boolean", PyValues.PyType.BOOL),
			Map.entry("String", PyValues.PyType.STR), Map.entry("any", PyValues.PyType.STR),
			Map.entry("Array", PyValues.PyType.LIST), Map.entry("ArrayList", PyValues.PyType.LIST),
			Map.entry("HashMap", PyValues.PyType.DICT));

	private static final Pattern INTEGER = Pattern.compile("-?\\d+[lL]?");

	private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?[fFdD]?");

	/** Nesting beyond this is not a real argument; it stays a string. */
	private static final int MAX_DEPTH = 8;

	private JavaValues() {
	}

	static Object convert(String text, String type, String elementType) {
		return convert(text.strip(), type, elementType, 0);
	}

	private static Object convert(String s, String type, String elementType, int depth) {
		if (depth > MAX_DEPTH) {
			return s;
		}
		switch (type) {
			case "byte", "short", "integer", "int", "long" -> {
				if (INTEGER.matcher(s).matches() && s.length() < 19) {
					return Long.parseLong(s.replaceAll("[lL]$", ""));
				}
				return s;
			}
			case "float", "double" -> {
				if (DECIMAL.matcher(s).matches() && s.length() < 40) {
					return Double.parseDouble(s.replaceAll("[fFdD]$", ""));
				}
				return s;
			}
			case "boolean" -> {
				return s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : s;
			}
			case "char" -> {
				return s.length() == 3 && s.charAt(0) == '\'' && s.charAt(2) == '\'' ? s.substring(1, 2) : s;
			}
			case "String", "any" -> {
				return unquote(s);
			}
			case "Array", "ArrayList" -> {
				return elements(s).<Object>map(items -> {
					List<Object> list = new ArrayList<>();
					for (String item : items) {
						list.add(elementType.equals("any") ? literal(item.strip())
								: convert(item.strip(), elementType, "any", depth + 1));
					}
					return list;
				}).orElse(s);
			}
			case "HashMap" -> {
				return entries(s).<Object>map(pairs -> {
					Map<String, Object> map = new LinkedHashMap<>();
					for (int i = 0; i + 1 < pairs.size(); i += 2) {
						map.put(unquote(pairs.get(i).strip()), literal(pairs.get(i + 1).strip()));
					}
					return map;
				}).orElse(s);
			}
			default -> {
				return s;
			}
		}
	}

	/** The element texts of an array or list literal, or empty when the text is not one. */
	static Optional<List<String>> elements(String s) {
		String body = null;
		if (s.startsWith("new ") && s.endsWith("}") && s.contains("{")) {
			body = s.substring(s.indexOf('{') + 1, s.length() - 1);
		}
		else if (s.startsWith("{") && s.endsWith("}")) {
			body = s.substring(1, s.length() - 1);
		}
		else if (s.startsWith("[") && s.endsWith("]")) {
			body = s.substring(1, s.length() - 1);
		}
		else {
			for (String call : List.of("new ArrayList<>(Arrays.asList(", "Arrays.asList(", "List.of(",
					"new ArrayList<>(List.of(")) {
				String generic = s.replaceFirst("^new ArrayList<[^>]*>\\(", "new ArrayList<>(");
				if (generic.startsWith(call)) {
					int closing = call.length() - call.replace("(", "").length();
					String tail = ")".repeat(closing);
					if (generic.endsWith(tail)) {
						body = generic.substring(call.length(), generic.length() - tail.length());
					}
				}
			}
		}
		if (body == null) {
			return Optional.empty();
		}
		return Optional.of(body.isBlank() ? List.of() : splitTopLevel(body, ','));
	}

	/** Alternating key and value texts of a map literal, or empty when the text is not one. */
	static Optional<List<String>> entries(String s) {
		if (s.startsWith("Map.of(") && s.endsWith(")")) {
			List<String> parts = splitTopLevel(s.substring("Map.of(".length(), s.length() - 1), ',');
			return parts.size() % 2 == 0 ? Optional.of(parts) : Optional.empty();
		}
		if (s.startsWith("new HashMap") && s.contains("put(")) {
			List<String> pairs = new ArrayList<>();
			int at = 0;
			while ((at = s.indexOf("put(", at)) >= 0) {
				int end = closingParen(s, at + 3);
				if (end < 0) {
					return Optional.empty();
				}
				List<String> kv = splitTopLevel(s.substring(at + 4, end), ',');
				if (kv.size() != 2) {
					return Optional.empty();
				}
				pairs.addAll(kv);
				at = end;
			}
			return Optional.of(pairs);
		}
		return Optional.empty();
	}

	/** A literal inside a collection: a quoted string, a number, a boolean, or the text itself. */
	private static Object literal(String s) {
		if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
			return s.substring(1, s.length() - 1);
		}
		if (s.equals("true") || s.equals("false")) {
			return Boolean.valueOf(s);
		}
		if (INTEGER.matcher(s).matches() && s.length() < 19) {
			return Long.parseLong(s.replaceAll("[lL]$", ""));
		}
		if (DECIMAL.matcher(s).matches() && s.length() < 40) {
			return Double.parseDouble(s.replaceAll("[fFdD]$", ""));
		}
		return s;
	}

	static String unquote(String s) {
		return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
	}

	private static int closingParen(String s, int open) {
		int depth = 0;
		boolean quoted = false;
		for (int i = open; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
				quoted = !quoted;
			}
			else if (!quoted && c == '(') {
				depth++;
			}
			else if (!quoted && c == ')' && --depth == 0) {
				return i;
			}
		}
		return -1;
	}

	/** Splits on a separator outside quotes and brackets. */
	static List<String> splitTopLevel(String s, char separator) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		boolean quoted = false;
		int start = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
				quoted = !quoted;
			}
			else if (!quoted && (c == '(' || c == '[' || c == '{' || c == '<')) {
				depth++;
			}
			else if (!quoted && (c == ')' || c == ']' || c == '}' || c == '>')) {
				depth--;
			}
			else if (!quoted && depth == 0 && c == separator) {
				parts.add(s.substring(start, i).strip());
				start = i + 1;
			}
		}
		parts.add(s.substring(start).strip());
		return parts;
	}

}
