package dev.gauntlet.environment.bfcl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.gauntlet.environment.bfcl.PyValues.PyType;
import org.jspecify.annotations.Nullable;

/**
 * BFCL's AST check of one call against one ground-truth call ({@code simple_function_checker}): the function
 * name; every required parameter present; no parameter the function or the ground truth does not have; each
 * value of its declared type (Python int accepted for float; Java values converted from their source text); the
 * value among the allowed ones, strings compared after normalization, lists element by element, dicts key by
 * key; and every optional parameter present unless "" is among its allowed values.
 *
 * <p>Departures, all lenient: an int is accepted for a float inside lists too; a Java String or any value given
 * with surrounding double quotes is read without them; and the elements of a Java list of {@code any} may be of
 * any type; a ground-truth dict key holding a bare value rather than a list of allowed values allows that value
 * (BFCL would iterate over its characters, making simple_java_64 unreachable).
 */
final class CallChecker {

	private CallChecker() {
	}

	/** Empty when the call passes; otherwise the reason it fails. */
	@SuppressWarnings("unchecked")
	static Optional<String> check(Map<String, Object> function, FunctionCall call, ExpectedCall expected,
			Language language) {
		String name = (String) function.get("name");
		if (!sameName(call.name(), name)) {
			return fail("wrong function: expected " + name + ", got " + call.name());
		}
		Map<String, Object> parameters = (Map<String, Object>) function.get("parameters");
		Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) parameters.get("properties");
		List<String> required = (List<String>) parameters.getOrDefault("required", List.of());
		for (String param : required) {
			if (!call.arguments().containsKey(param)) {
				return fail(name + ": missing required parameter '" + param + "'");
			}
		}
		for (Map.Entry<String, @Nullable Object> arg : call.arguments().entrySet()) {
			String param = arg.getKey();
			if (!properties.containsKey(param) || !expected.allowed().containsKey(param)) {
				return fail(name + ": unexpected parameter '" + PyValues.show(param) + "'");
			}
			Optional<String> problem = checkValue(name, param, arg.getValue(), properties.get(param),
					expected.allowed().get(param), language);
			if (problem.isPresent()) {
				return problem;
			}
		}
		for (Map.Entry<String, List<Object>> allowed : expected.allowed().entrySet()) {
			if (!call.arguments().containsKey(allowed.getKey()) && !allowed.getValue().contains("")) {
				return fail(name + ": optional parameter '" + allowed.getKey()
						+ "' must be given here (the ground truth has no default for it)");
			}
		}
		return Optional.empty();
	}

	static boolean sameName(String called, String declared) {
		return called.equals(declared) || called.equals(declared.replace('.', '_'));
	}

	@SuppressWarnings("unchecked")
	private static Optional<String> checkValue(String function, String param, @Nullable Object value,
			Map<String, Object> schema, List<Object> allowed, Language language) {
		String declared = String.valueOf(schema.get("type"));
		Map<String, Object> items = (Map<String, Object>) schema.get("items");
		String elementDeclared = items == null ? null : String.valueOf(items.get("type"));
		PyType expected;
		PyType element = null;
		if (language == Language.JAVA) {
			expected = JavaValues.TYPES.get(declared);
			if (expected == null) {
				return fail(function + ": unsupported Java type " + declared + " for '" + param + "'");
			}
			if (!(value instanceof String text)) {
				return fail(function + ": wrong type for '" + param + "': Java values are strings of Java source, got "
						+ PyValues.typeOf(value).pythonName());
			}
			value = JavaValues.convert(text, declared, elementDeclared == null ? "any" : elementDeclared);
			if (elementDeclared != null && !elementDeclared.equals("any")
					&& (declared.equals("Array") || declared.equals("ArrayList"))) {
				element = JavaValues.TYPES.getOrDefault(elementDeclared, PyType.STR);
			}
		}
		else {
			expected = pythonType(declared);
			if (elementDeclared != null && (declared.equals("array") || declared.equals("tuple"))) {
				element = pythonType(elementDeclared);
			}
			if (expected == PyType.FLOAT && PyValues.typeOf(value) == PyType.INT) {
				value = ((Number) value).doubleValue();
			}
		}
		// A ground truth whose values are of another type than declared names a variable: compare exactly.
		PyType answerType = answerType(allowed);
		boolean variable = answerType != null && answerType != expected;
		PyType actual = PyValues.typeOf(value);
		if (actual != expected || (element != null && !elementsTyped(value, element, allowed))) {
			if (answerType != null && actual == answerType && variable) {
				return PyValues.contains(allowed, value) ? Optional.empty()
						: fail(function + ": wrong value for '" + param + "': " + PyValues.show(value));
			}
			if (actual != expected) {
				return fail(function + ": wrong type for '" + param + "': expected " + declared + ", got "
						+ actual.pythonName());
			}
			return fail(function + ": wrong element type in '" + param + "': expected " + elementDeclared);
		}
		if (variable) {
			return PyValues.contains(allowed, value) ? Optional.empty()
					: fail(function + ": wrong value for '" + param + "': " + PyValues.show(value));
		}
		boolean ok = switch (expected) {
			case DICT -> dictMatches((Map<String, Object>) value, allowed);
			case STR -> stringMatches((String) value, allowed);
			case LIST -> element == PyType.DICT ? listOfDictsMatches((List<Object>) value, allowed)
					: listMatches((List<Object>) value, allowed);
			default -> PyValues.contains(allowed, value);
		};
		return ok ? Optional.empty() : fail(function + ": wrong value for '" + param + "': " + PyValues.show(value));
	}

	static PyType pythonType(String declared) {
		return switch (declared) {
			case "string", "any" -> PyType.STR;
			case "integer" -> PyType.INT;
			case "float", "number" -> PyType.FLOAT;
			case "boolean" -> PyType.BOOL;
			case "array", "tuple" -> PyType.LIST;
			case "dict", "object" -> PyType.DICT;
			default -> PyType.STR;
		};
	}

	/** The type of the first allowed value other than "", or null when "" is all there is. */
	private static @Nullable PyType answerType(List<Object> allowed) {
		for (Object a : allowed) {
			if (!"".equals(a)) {
				return PyValues.typeOf(a);
			}
		}
		return null;
	}

	/**
	 * BFCL's one-level nested type check: against some allowed list, every element has the declared element type,
	 * or the type of that list's elements (a ground truth of another type names variables).
	 */
	@SuppressWarnings("unchecked")
	private static boolean elementsTyped(@Nullable Object value, PyType element, List<Object> allowed) {
		if (!(value instanceof List<?> list)) {
			return false;
		}
		for (Object candidate : allowed) {
			if (!(candidate instanceof List<?> options)) {
				continue;
			}
			PyType answerElement = answerType((List<Object>) options);
			boolean all = true;
			for (Object x : list) {
				PyType t = PyValues.typeOf(x);
				if (t != element && !(element == PyType.FLOAT && t == PyType.INT) && t != answerElement) {
					all = false;
					break;
				}
			}
			if (all) {
				return true;
			}
		}
		return false;
	}

	private static boolean stringMatches(String value, List<Object> allowed) {
		String v = PyValues.standardize(value);
		return allowed.stream().anyMatch(a -> a instanceof String s && PyValues.standardize(s).equals(v));
	}

	private static boolean listMatches(List<Object> value, List<Object> allowed) {
		List<Object> v = PyValues.standardizeElements(value);
		for (Object a : allowed) {
			if (a instanceof List<?> list && PyValues.equal(v, PyValues.standardizeElements(list))) {
				return true;
			}
		}
		return false;
	}

	/** BFCL's dict_checker: one allowed dict whose keys cover the value's and whose values accept them. */
	@SuppressWarnings("unchecked")
	static boolean dictMatches(Map<String, Object> value, List<Object> allowed) {
		for (Object a : allowed) {
			if (!(a instanceof Map<?, ?> candidate)) {
				continue;
			}
			Map<String, Object> c = (Map<String, Object>) candidate;
			if (dictMatchesOne(value, c)) {
				return true;
			}
		}
		return false;
	}

	private static boolean dictMatchesOne(Map<String, Object> value, Map<String, Object> candidate) {
		for (Map.Entry<String, Object> e : value.entrySet()) {
			if (!candidate.containsKey(e.getKey())) {
				return false;
			}
			// allowed values per key; a bare value (simple_java_64) is the one value allowed
			List<?> options = candidate.get(e.getKey()) instanceof List<?> l ? l
					: java.util.Collections.singletonList(candidate.get(e.getKey()));
			Object v = e.getValue() instanceof String s ? PyValues.standardize(s) : e.getValue();
			List<Object> standardized = new ArrayList<>();
			for (Object o : options) {
				standardized.add(o instanceof String s ? PyValues.standardize(s) : o);
			}
			if (!PyValues.contains(standardized, v)) {
				return false;
			}
		}
		for (Map.Entry<String, Object> e : candidate.entrySet()) {
			if (!value.containsKey(e.getKey()) && !(e.getValue() instanceof List<?> l && l.contains(""))) {
				return false;
			}
		}
		return true;
	}

	@SuppressWarnings("unchecked")
	private static boolean listOfDictsMatches(List<Object> value, List<Object> allowed) {
		for (Object a : allowed) {
			if (!(a instanceof List<?> candidate) || candidate.size() != value.size()) {
				continue;
			}
			boolean all = true;
			for (int i = 0; i < value.size() && all; i++) {
				all = value.get(i) instanceof Map<?, ?> m && candidate.get(i) instanceof Map<?, ?> c
						&& dictMatchesOne((Map<String, Object>) m, (Map<String, Object>) c);
			}
			if (all) {
				return true;
			}
		}
		return false;
	}

	private static Optional<String> fail(String reason) {
		return Optional.of(reason);
	}

	/** The language of a category's functions, which decides the type rules. */
	enum Language {

		PYTHON, JAVA

	}

}
