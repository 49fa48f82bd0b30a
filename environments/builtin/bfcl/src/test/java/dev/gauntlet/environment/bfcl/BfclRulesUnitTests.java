package dev.gauntlet.environment.bfcl;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** BFCL's AST rules, one at a time, on small hand-written tasks. */
class BfclRulesUnitTests {

	private static Map<String, Object> function(String name, Map<String, Object> properties, List<String> required) {
		return Map.of("name", name, "description", "", "parameters",
				Map.of("type", "dict", "properties", properties, "required", required));
	}

	private static Map<String, Object> type(String type) {
		return Map.of("type", type, "description", "");
	}

	private static final Map<String, Object> AREA = function("geometry.area",
			Map.of("shape", type("string"), "size", type("float"), "unit", type("string"), "exact", type("boolean")),
			List.of("shape", "size"));

	private static BfclTask task(String id, List<Map<String, Object>> functions, List<ExpectedCall> truth) {
		return new BfclTask(id, BfclCategory.ofId(id), "q", functions, truth);
	}

	private static final BfclTask SIMPLE = task("simple_python_900", List.of(AREA), List.of(new ExpectedCall(
			"geometry.area", Map.of("shape", List.of("circle"), "size", List.of(2.5, 2), "unit", List.of("cm", ""),
					"exact", List.of(true)))));

	private static BfclVerdict score(BfclTask task, FunctionCall... calls) {
		return BfclScorer.score(task, List.of(calls));
	}

	@Test
	void stringsCompareAfterBfclNormalization() {
		assertThat(score(SIMPLE, FunctionCall.of("geometry_area",
				Map.of("shape", "Circle.", "size", 2.5, "unit", "C-M", "exact", true))).correct()).isTrue();
		assertThat(score(SIMPLE, FunctionCall.of("geometry_area",
				Map.of("shape", "square", "size", 2.5, "exact", true))).reason()).contains("wrong value for 'shape'");
	}

	@Test
	void dottedNamesMayBeCalledWithUnderscoresAsServed() {
		assertThat(score(SIMPLE, FunctionCall.of("geometry.area", Map.of("shape", "circle", "size", 2.5, "exact", true)))
			.correct()).isTrue();
		assertThat(score(SIMPLE, FunctionCall.of("geometry_areas", Map.of("shape", "circle", "size", 2.5, "exact", true)))
			.reason()).contains("wrong function");
	}

	@Test
	void anIntIsAcceptedForAFloatButAFloatNotForAnInt() {
		assertThat(score(SIMPLE, FunctionCall.of("geometry_area", Map.of("shape", "circle", "size", 2, "exact", true)))
			.correct()).isTrue();
		Map<String, Object> count = function("count", Map.of("n", type("integer")), List.of("n"));
		BfclTask ints = task("simple_python_901", List.of(count), List.of(new ExpectedCall("count", Map.of("n", List.of(3)))));
		assertThat(score(ints, FunctionCall.of("count", Map.of("n", 3.0))).reason()).contains("wrong type");
		assertThat(score(ints, FunctionCall.of("count", Map.of("n", true))).reason()).contains("wrong type");
		assertThat(score(ints, FunctionCall.of("count", Map.of("n", "3"))).reason()).contains("wrong type");
	}

	@Test
	void anOptionalParameterMayBeLeftOutOnlyWhereTheGroundTruthAllowsIt() {
		// unit allows "", exact does not
		assertThat(score(SIMPLE, FunctionCall.of("geometry_area", Map.of("shape", "circle", "size", 2.5))).reason())
			.contains("optional parameter 'exact'");
		assertThat(score(SIMPLE, FunctionCall.of("geometry_area", Map.of("shape", "circle", "size", 2.5, "unit", "mm",
				"exact", true))).correct()).isFalse();
	}

	@Test
	void listsMatchElementByElementAndDictsKeyByKey() {
		Map<String, Object> sum = function("sum", Map.of("xs", Map.of("type", "array", "items", type("integer")), "opts",
				type("dict")), List.of("xs"));
		BfclTask task = task("simple_python_902", List.of(sum), List.of(new ExpectedCall("sum", Map.of("xs",
				List.of(List.of(1, 2, 3)), "opts", List.of(Map.of("mode", List.of("fast", "quick"), "log", List.of(false, "")))))));
		assertThat(score(task, FunctionCall.of("sum", Map.of("xs", List.of(1, 2, 3), "opts", Map.of("mode", "Quick"))))
			.correct()).isTrue();
		assertThat(score(task, FunctionCall.of("sum", Map.of("xs", List.of(3, 2, 1), "opts", Map.of("mode", "fast"))))
			.correct()).isFalse();
		assertThat(score(task, FunctionCall.of("sum", Map.of("xs", List.of(1, 2, 3), "opts", Map.of("mode", "fast",
				"extra", 1)))).correct()).isFalse();
		assertThat(score(task, FunctionCall.of("sum", Map.of("xs", List.of(1, 2, 3), "opts", Map.of("log", false))))
			.correct()).isFalse();
	}

	@Test
	void parallelCallsAreMatchedOptimallyWhereAGreedyFirstFitWouldFail() {
		Map<String, Object> f = function("f", Map.of("x", type("integer")), List.of());
		// the first truth accepts x=1 or 2, the second only x=1: greedy gives x=1 to the first and fails
		BfclTask task = task("parallel_900", List.of(f), List.of(new ExpectedCall("f", Map.of("x", List.of(1, 2))),
				new ExpectedCall("f", Map.of("x", List.of(1)))));
		BfclVerdict verdict = score(task, FunctionCall.of("f", Map.of("x", 1)), FunctionCall.of("f", Map.of("x", 2)));
		assertThat(verdict.correct()).isTrue();
		assertThat(verdict.f1()).isEqualTo(1.0);
	}

	@Test
	void junkCallsFailBinaryAndCostF1() {
		FunctionCall right = FunctionCall.of("geometry_area", Map.of("shape", "circle", "size", 2.5, "exact", true));
		FunctionCall junk = FunctionCall.of("geometry_area", Map.of("shape", "square", "size", 1, "exact", false));
		BfclVerdict verdict = score(SIMPLE, right, junk, junk);
		assertThat(verdict.correct()).isFalse();
		assertThat(verdict.f1()).isEqualTo(0.5);
		assertThat(verdict.reason()).contains("expected 1 call, got 3");
		assertThat(score(SIMPLE).f1()).isZero();
		assertThat(score(SIMPLE).reason()).isEqualTo("no function call");
	}

	@Test
	void unreadableArgumentsMatchNothing() {
		FunctionCall call = FunctionCall.parse("geometry_area", "{\"shape\": \"circle\", ");
		assertThat(call.unreadable()).contains("not valid JSON");
		assertThat(score(SIMPLE, call).correct()).isFalse();
		assertThat(FunctionCall.parse("geometry_area", "[1, 2]").unreadable()).contains("not a JSON object");
		assertThat(FunctionCall.parse("geometry_area", "{\"a\": \"" + "x".repeat(200_000) + "\"}").unreadable())
			.contains("too large");
	}

	@Test
	void javaValuesAreReadFromJavaSource() {
		assertThat(JavaValues.convert("42L", "long", "any")).isEqualTo(42L);
		assertThat(JavaValues.convert("0.5", "double", "any")).isEqualTo(0.5);
		assertThat(JavaValues.convert("true", "boolean", "any")).isEqualTo(true);
		assertThat(JavaValues.convert("\"abc\"", "String", "any")).isEqualTo("abc");
		assertThat(JavaValues.convert("new int[]{1, 2, 3}", "Array", "integer")).isEqualTo(List.of(1L, 2L, 3L));
		assertThat(JavaValues.convert("Arrays.asList(\"a\", \"b,c\")", "ArrayList", "String")).isEqualTo(List.of("a", "b,c"));
		assertThat(JavaValues.convert("new ArrayList<Long>(Arrays.asList(101L, 202L))", "ArrayList", "long"))
			.isEqualTo(List.of(101L, 202L));
		assertThat(JavaValues.convert("new HashMap<String, Object>() {{ put(\"limit\", 50); put(\"s\", \"x\"); }}",
				"HashMap", "any")).isEqualTo(Map.of("limit", 50L, "s", "x"));
		assertThat(JavaValues.convert("Map.of(\"k\", true)", "HashMap", "any")).isEqualTo(Map.of("k", true));
		assertThat(JavaValues.convert("yes", "boolean", "any")).isEqualTo("yes");
		assertThat(JavaValues.convert("envVariables", "HashMap", "any")).isEqualTo("envVariables");
	}

	@Test
	void javaParametersMustBeStringsOfJavaSource() {
		Map<String, Object> f = function("Cache.get", Map.of("id", type("long"), "fresh", type("boolean")), List.of("id"));
		BfclTask task = task("simple_java_900", List.of(f), List.of(new ExpectedCall("Cache.get",
				Map.of("id", List.of(42), "fresh", List.of(true, "")))));
		assertThat(score(task, FunctionCall.of("Cache_get", Map.of("id", "42L"))).correct()).isTrue();
		assertThat(score(task, FunctionCall.of("Cache_get", Map.of("id", "42", "fresh", "true"))).correct()).isTrue();
		assertThat(score(task, FunctionCall.of("Cache_get", Map.of("id", 42))).reason()).contains("wrong type");
		assertThat(score(task, FunctionCall.of("Cache_get", Map.of("id", "43"))).correct()).isFalse();
		assertThat(score(task, FunctionCall.of("Cache_get", Map.of("id", "42", "fresh", "yes"))).reason())
			.contains("wrong type");
	}

	@Test
	void toolsAreServedInOpenAiFunctionSchema() {
		var spec = ToolSchemas.spec(AREA, BfclCategory.SIMPLE_PYTHON);
		assertThat(spec.name()).isEqualTo("geometry_area");
		assertThat(spec.parameters()).containsEntry("type", "object");
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> props = (Map<String, Map<String, Object>>) spec.parameters().get("properties");
		assertThat(props.get("size")).containsEntry("type", "number");
		var java = ToolSchemas.spec(function("A.b", Map.of("x", type("long")), List.of("x")), BfclCategory.SIMPLE_JAVA);
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> javaProps = (Map<String, Map<String, Object>>) java.parameters().get("properties");
		assertThat(javaProps.get("x")).containsEntry("type", "string");
		assertThat((String) javaProps.get("x").get("description")).contains("Java long");
	}

}
