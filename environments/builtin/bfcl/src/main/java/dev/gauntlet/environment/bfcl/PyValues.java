package dev.gauntlet.environment.bfcl;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * JSON values seen as BFCL's Python checker sees them: Python types, Python equality and BFCL's string
 * normalization. Values are what Jackson reads into plain Java: String, Boolean, Integer/Long/BigInteger,
 * Double/BigDecimal, List, Map, or null.
 */
final class PyValues {

	/** The Python type names BFCL's checker uses. */
	enum PyType {

		STR, INT, FLOAT, BOOL, LIST, DICT, NONE;

		String pythonName() {
			return switch (this) {
				case STR -> "str";
				case INT -> "int";
				case FLOAT -> "float";
				case BOOL -> "bool";
				case LIST -> "list";
				case DICT -> "dict";
				case NONE -> "NoneType";
			};
		}

	}

	/** BFCL's {@code standardize_string}: drop {@code  ,./-_*^}, lower-case, and read ' as ". */
	private static final Pattern IGNORED = Pattern.compile("[ ,./\\-_*^]");

	private PyValues() {
	}

	static PyType typeOf(@Nullable Object value) {
		if (value == null) {
			return PyType.NONE;
		}
		if (value instanceof String) {
			return PyType.STR;
		}
		if (value instanceof Boolean) {
			return PyType.BOOL;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof BigInteger || value instanceof Short
				|| value instanceof Byte) {
			return PyType.INT;
		}
		if (value instanceof Number) {
			return PyType.FLOAT;
		}
		if (value instanceof List<?>) {
			return PyType.LIST;
		}
		if (value instanceof Map<?, ?>) {
			return PyType.DICT;
		}
		throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
	}

	static String standardize(String s) {
		return IGNORED.matcher(s).replaceAll("").toLowerCase(java.util.Locale.ROOT).replace('\'', '"');
	}

	/** Python {@code ==} on JSON values, except that booleans never equal numbers. */
	static boolean equal(@Nullable Object a, @Nullable Object b) {
		PyType ta = typeOf(a);
		PyType tb = typeOf(b);
		boolean numbers = (ta == PyType.INT || ta == PyType.FLOAT) && (tb == PyType.INT || tb == PyType.FLOAT);
		if (numbers) {
			return decimal((Number) a).compareTo(decimal((Number) b)) == 0;
		}
		if (ta != tb) {
			return false;
		}
		return switch (ta) {
			case NONE -> true;
			case LIST -> {
				List<?> la = (List<?>) a;
				List<?> lb = (List<?>) b;
				if (la.size() != lb.size()) {
					yield false;
				}
				Iterator<?> ib = lb.iterator();
				for (Object x : la) {
					if (!equal(x, ib.next())) {
						yield false;
					}
				}
				yield true;
			}
			case DICT -> {
				Map<?, ?> ma = (Map<?, ?>) a;
				Map<?, ?> mb = (Map<?, ?>) b;
				if (!ma.keySet().equals(mb.keySet())) {
					yield false;
				}
				for (Map.Entry<?, ?> e : ma.entrySet()) {
					if (!equal(e.getValue(), mb.get(e.getKey()))) {
						yield false;
					}
				}
				yield true;
			}
			default -> a.equals(b);
		};
	}

	static boolean contains(List<?> candidates, @Nullable Object value) {
		for (Object candidate : candidates) {
			if (equal(candidate, value)) {
				return true;
			}
		}
		return false;
	}

	/** A list with each string element standardized (BFCL's list_checker). */
	static List<Object> standardizeElements(List<?> list) {
		List<Object> out = new ArrayList<>(list.size());
		for (Object x : list) {
			out.add(x instanceof String s ? standardize(s) : x);
		}
		return out;
	}

	static BigDecimal decimal(Number n) {
		if (n instanceof BigDecimal d) {
			return d;
		}
		if (n instanceof BigInteger i) {
			return new BigDecimal(i);
		}
		if (n instanceof Double || n instanceof Float) {
			double d = n.doubleValue();
			if (!Double.isFinite(d)) {
				return BigDecimal.valueOf(Double.MAX_VALUE); // inf/nan never equal a dataset value
			}
			return new BigDecimal(Double.toString(d));
		}
		return BigDecimal.valueOf(n.longValue());
	}

	static String show(@Nullable Object value) {
		String s = String.valueOf(value);
		return s.length() <= 80 ? s : s.substring(0, 80) + "…";
	}

}
