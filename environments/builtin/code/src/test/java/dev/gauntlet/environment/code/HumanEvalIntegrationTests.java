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
		List<String> passed = new ArrayList<>();
		java.util.Map<String, List<String>> failedByStatus = new java.util.TreeMap<>();
		for (JsonNode row : rows) {
			CodeTask task = TaskFormats.parse(row);
			CodeVerdict verdict = verifier.verify(task, row.path("gpt_solution").asString());
			if (verdict.passed()) {
				passed.add(task.id());
			}
			else {
				failedByStatus.computeIfAbsent(verdict.status().wireName(), s -> new ArrayList<>()).add(task.id());
			}
		}
		System.out.printf("HumanEval gpt_solution pass rate: %d/164; failures by status: %s%n", passed.size(),
				failedByStatus);
		// The numbers docs/environments/code.md states. Pinned exactly: every answer is decided by its tests
		// within a few ms, far from the 15 s deadline, so sandbox timing cannot move a verdict; a change here is
		// a change of the verifier (or of the shipped answers), and the docs must change with it.
		assertThat(passed).hasSize(148);
		assertThat(failedByStatus.keySet()).containsExactly("failed", "runtime_error");
		assertThat(failedByStatus.get("failed")).hasSize(14);
		assertThat(failedByStatus.get("runtime_error")).containsExactlyInAnyOrder("HumanEval/32", "HumanEval/129");
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
