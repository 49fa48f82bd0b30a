package dev.gauntlet.verifier.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every row of data/verifier-cases.jsonl (Math-Verify's suite, its issues, NeMo Gym and verl
 * tests) gets its expected verdict, including the rows where Math-Verify itself is wrong.
 */
class VerifierCasesUnitTests {

	private static final MathVerifier VERIFIER = MathVerifier.create();

	static Stream<Arguments> cases() {
		return TestData.jsonl("verifier-cases.jsonl").stream()
				.map(row -> Arguments.of(row.get("source").asString() + " " + abbreviate(row.get("pred").asString()), row));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void givesTheExpectedVerdict(String name, JsonNode row) {
		String gold = row.get("gold").asString();
		String pred = row.get("pred").asString();
		boolean expected = row.get("expected").asBoolean();
		MathVerifier verifier = VERIFIER;
		JsonNode config = row.get("config");
		if (config != null && config.has("allow_set_relation_comp")) {
			verifier = MathVerifier.create(VerifierSettings.defaults()
					.withAllowSetRelationComparison(config.get("allow_set_relation_comp").asBoolean()));
		}

		long start = System.nanoTime();
		Verdict verdict = verifier.verify(gold, pred);
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		if (row.has("accept_either") && row.get("accept_either").asBoolean()) {
			// Either verdict is right, but it must be a verdict, given within the verifier's own time limit
			// (1 s, the budget NeMo Gym's test allows); the row takes tens of ms.
			assertThat(verdict.isError()).as("status %s", verdict.status()).isFalse();
			assertThat(took).isLessThan(verifier.settings().timeLimit());
		} else {
			assertThat(verdict.correct()).as("%s (extracted %s, status %s)", row.path("note").asString(""),
					verdict.extracted(), verdict.status()).isEqualTo(expected);
		}
	}

	private static String abbreviate(String s) {
		String oneLine = s.replace('\n', ' ');
		return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
	}
}
