package dev.gauntlet.environment.code;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gauntlet.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The must-show checks on all 164 HumanEval problems: every canonical solution passes, every canonical
 * solution with its last return statement broken fails, and the pass rate of the shipped {@code gpt_solution}
 * answers (a real model's responses, extracted like any response) is measured.
 */
class HumanEvalIntegrationTests {

	static CodeVerifier verifier;

	static List<JsonNode> rows;

	@BeforeAll
	static void start() {
		verifier = CodeVerifier.start(CodeSettings.defaults(), SandboxSettings.defaults().withWorkers(2));
		rows = CodeDatasets.rows(CodeDatasets.HUMANEVAL_PYTHON);
	}

	@AfterAll
	static void stop() {
		verifier.close();
	}

	@Test
	void everyCanonicalSolutionPasses() {
		assertThat(rows).hasSize(164);
		List<String> failures = new ArrayList<>();
		for (JsonNode row : rows) {
			CodeTask task = TaskFormats.parse(row);
			CodeVerdict verdict = verifier.verifyCode(task, row.path("canonical_solution").asString());
			if (!verdict.passed() || verdict.reward() != 1.0) {
				failures.add(task.id() + " " + verdict.status() + " " + verdict.detail());
			}
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void everyCanonicalSolutionWithItsLastReturnBrokenFails() {
		List<String> passedAnyway = new ArrayList<>();
		for (JsonNode row : rows) {
			CodeTask task = TaskFormats.parse(row);
			String broken = breakLastReturn(row.path("canonical_solution").asString());
			CodeVerdict verdict = verifier.verifyCode(task, broken);
			if (verdict.passed() || verdict.reward() != 0.0) {
				passedAnyway.add(task.id());
			}
		}
		assertThat(passedAnyway).isEmpty();
	}

	@Test
	void measuresTheGptSolutionPassRate() {
		int passed = 0;
		List<String> statuses = new ArrayList<>();
		for (JsonNode row : rows) {
			CodeVerdict verdict = verifier.verify(TaskFormats.parse(row), row.path("gpt_solution").asString());
			if (verdict.passed()) {
				passed++;
			}
			else {
				statuses.add(verdict.status().wireName());
			}
		}
		double rate = passed / 164.0;
		System.out.printf("HumanEval gpt_solution pass rate: %d/164 = %.4f; failures by status: %s%n", passed, rate,
				statuses.stream().collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.TreeMap::new,
						java.util.stream.Collectors.counting())));
		// The shipped answers are a real model's; most are right. The exact number is in docs/environments/code.md.
		assertThat(rate).isBetween(0.5, 1.0);
	}

	/** Replaces the last {@code return} of the solution with {@code return None}. */
	static String breakLastReturn(String solution) {
		Matcher m = Pattern.compile("(?m)^(\\s*)return\\b.*$").matcher(solution);
		int start = -1;
		int end = -1;
		String indent = "";
		while (m.find()) {
			start = m.start();
			end = m.end();
			indent = m.group(1);
		}
		assertThat(start).as("a return statement").isGreaterThanOrEqualTo(0);
		return solution.substring(0, start) + indent + "return None" + solution.substring(end);
	}

}
