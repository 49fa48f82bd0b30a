package dev.gauntlet.environment.bfcl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shipped ground truth, as tool calls, scores 1; each targeted corruption of it scores 0. */
class BfclReferenceAnswersUnitTests {

	private static final BfclEnvironment ENV = new BfclEnvironment(BfclEnvironment.Scoring.BINARY);

	private static double score(BfclTask task, List<FunctionCall> calls) {
		Verification v = ENV.verify(new VerificationRequest("s", task.toTask(),
				List.of(ChatMessage.user(task.question()), ChatMessage.assistant(null, References.toolCalls(calls)))));
		assertThat(v.status()).isEqualTo(Verification.Status.OK);
		return v.reward();
	}

	private static String reason(BfclTask task, List<FunctionCall> calls) {
		return BfclScorer.score(task, calls).reason();
	}

	@Test
	void everyCategoryIsShippedInFull() {
		Map<BfclCategory, Long> counts = new LinkedHashMap<>();
		ENV.all().forEach(t -> counts.merge(t.category(), 1L, Long::sum));
		assertThat(counts).containsEntry(BfclCategory.SIMPLE_PYTHON, 400L)
			.containsEntry(BfclCategory.MULTIPLE, 200L)
			.containsEntry(BfclCategory.PARALLEL, 200L)
			.containsEntry(BfclCategory.PARALLEL_MULTIPLE, 200L)
			.containsEntry(BfclCategory.SIMPLE_JAVA, 100L);
	}

	@Test
	void everyReferenceAnswerTurnedIntoToolCallsScoresOne() {
		for (BfclTask task : ENV.all()) {
			List<FunctionCall> calls = References.calls(task);
			assertThat(score(task, calls)).as("%s %s: %s", task.id(), calls, reason(task, calls)).isEqualTo(1.0);
		}
	}

	@Test
	void parallelCallsMatchInAnyOrder() {
		for (BfclTask task : ENV.all()) {
			if (task.groundTruth().size() > 1) {
				List<FunctionCall> reversed = new ArrayList<>(References.calls(task));
				java.util.Collections.reverse(reversed);
				assertThat(score(task, reversed)).as(task.id()).isEqualTo(1.0);
			}
		}
	}

	@Test
	void aWrongFunctionScoresZero() {
		for (BfclTask task : ENV.all()) {
			List<FunctionCall> calls = new ArrayList<>(References.calls(task));
			FunctionCall first = calls.get(0);
			String other = task.functions()
				.stream()
				.map(f -> ((String) f.get("name")).replace('.', '_'))
				.filter(n -> !n.equals(first.name()))
				.findFirst()
				.orElse(first.name() + "_v2");
			calls.set(0, FunctionCall.of(other, first.arguments()));
			assertThat(score(task, calls)).as("%s with %s", task.id(), other).isZero();
		}
	}

	@Test
	void aMissingRequiredParameterScoresZero() {
		int checked = 0;
		for (BfclTask task : ENV.all()) {
			List<FunctionCall> calls = new ArrayList<>(References.calls(task));
			List<String> required = required(task, 0);
			if (required.isEmpty()) {
				continue;
			}
			Map<String, Object> args = new LinkedHashMap<>(calls.get(0).arguments());
			args.remove(required.get(0));
			calls.set(0, FunctionCall.of(calls.get(0).name(), args));
			assertThat(score(task, calls)).as(task.id()).isZero();
			assertThat(reason(task, calls)).contains("missing required parameter");
			checked++;
		}
		assertThat(checked).isGreaterThan(1000);
	}

	@Test
	void anExtraParameterScoresZero() {
		for (BfclTask task : ENV.all()) {
			List<FunctionCall> calls = new ArrayList<>(References.calls(task));
			Map<String, Object> args = new LinkedHashMap<>(calls.get(0).arguments());
			args.put("verbose", task.category() == BfclCategory.SIMPLE_JAVA ? "true" : true);
			calls.set(0, FunctionCall.of(calls.get(0).name(), args));
			assertThat(score(task, calls)).as(task.id()).isZero();
		}
	}

	@Test
	void aWrongValueScoresZero() {
		int checked = 0;
		for (BfclTask task : ENV.all()) {
			List<FunctionCall> calls = new ArrayList<>(References.calls(task));
			Map<String, Object> args = new LinkedHashMap<>(calls.get(0).arguments());
			if (args.isEmpty()) {
				continue;
			}
			String param = args.keySet().iterator().next();
			args.put(param, wrongValue(args.get(param), task.category() == BfclCategory.SIMPLE_JAVA));
			calls.set(0, FunctionCall.of(calls.get(0).name(), args));
			assertThat(score(task, calls)).as("%s %s=%s", task.id(), param, args.get(param)).isZero();
			checked++;
		}
		assertThat(checked).isGreaterThan(1000);
	}

	@Test
	void aWrongTypeScoresZero() {
		for (BfclTask task : ENV.all()) {
			List<FunctionCall> calls = new ArrayList<>(References.calls(task));
			Map<String, Object> args = new LinkedHashMap<>(calls.get(0).arguments());
			if (args.isEmpty()) {
				continue;
			}
			String param = args.keySet().iterator().next();
			Object value = args.get(param);
			// Java values must be strings of Java source; a Python value of another JSON type
			Object wrong = task.category() == BfclCategory.SIMPLE_JAVA ? (Object) 7
					: value instanceof Map<?, ?> ? "a string" : Map.of("value", String.valueOf(value));
			args.put(param, wrong);
			calls.set(0, FunctionCall.of(calls.get(0).name(), args));
			assertThat(score(task, calls)).as("%s %s", task.id(), param).isZero();
			assertThat(reason(task, calls)).contains("type");
		}
	}

	@Test
	void aMissingParallelCallScoresZeroAndPartialF1() {
		int checked = 0;
		for (BfclTask task : ENV.all()) {
			if (task.groundTruth().size() < 2) {
				continue;
			}
			List<FunctionCall> calls = new ArrayList<>(References.calls(task));
			calls.remove(calls.size() - 1);
			assertThat(score(task, calls)).as(task.id()).isZero();
			BfclVerdict verdict = BfclScorer.score(task, calls);
			int e = task.groundTruth().size();
			assertThat(verdict.f1()).isCloseTo(2.0 * (e - 1) / (2 * e - 1), org.assertj.core.data.Offset.offset(1e-9));
			checked++;
		}
		assertThat(checked).isGreaterThan(300);
	}

	@SuppressWarnings("unchecked")
	private static List<String> required(BfclTask task, int call) {
		Map<String, Object> function = task.function(task.groundTruth().get(call).function()).orElseThrow();
		return (List<String>) ((Map<String, Object>) function.get("parameters")).getOrDefault("required", List.of());
	}

	private static Object wrongValue(Object value, boolean java) {
		if (java) {
			String s = (String) value;
			return s.equals("true") ? "false" : s.equals("false") ? "true" : s.matches("-?\\d+") ? s + "1"
					: s.startsWith("new ") ? "new ArrayList<>()" : s + "Wrong";
		}
		if (value instanceof Boolean b) {
			return !b;
		}
		if (value instanceof Integer i) {
			return i + 1000;
		}
		if (value instanceof Long l) {
			return l + 1000;
		}
		if (value instanceof Number n) {
			return n.doubleValue() + 1000.5;
		}
		if (value instanceof String s) {
			return s + " wrong";
		}
		if (value instanceof List<?> list) {
			List<Object> longer = new ArrayList<>(list);
			longer.add(list.isEmpty() ? "extra" : list.get(0));
			return longer;
		}
		Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) value);
		map.put("unexpected_key", 1);
		return map;
	}

}
