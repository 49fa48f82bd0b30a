package dev.gauntlet.environment.code.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.gauntlet.environment.code.CodeDatasets;
import dev.gauntlet.environment.code.CodeSettings;
import dev.gauntlet.environment.code.CodeVerdict;
import dev.gauntlet.environment.code.CodeVerifier;
import dev.gauntlet.environment.code.TaskFormats;
import dev.gauntlet.sandbox.SandboxSettings;
import tools.jackson.databind.JsonNode;

/**
 * Measures the pass rate of the {@code gpt_solution} answers shipped with HumanEval (Python) and HumanEval-Java,
 * verified exactly like any model response (extraction included), and counts the failures by status.
 */
public final class GptSolutionPassRates {

	private GptSolutionPassRates() {
	}

	public static void main(String[] args) throws Exception {
		int workers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
		try (CodeVerifier verifier = CodeVerifier.start(CodeSettings.defaults(),
				SandboxSettings.defaults().withWorkers(workers))) {
			ExecutorService executor = Executors.newFixedThreadPool(workers);
			for (String dataset : List.of(CodeDatasets.HUMANEVAL_PYTHON, CodeDatasets.HUMANEVAL_JAVA)) {
				List<JsonNode> rows = CodeDatasets.rows(dataset);
				List<Future<CodeVerdict>> verdicts = rows.stream()
					.map(row -> executor.submit(
							() -> verifier.verify(TaskFormats.parse(row), row.path("gpt_solution").asString())))
					.toList();
				int passed = 0;
				Map<String, Integer> failures = new TreeMap<>();
				for (int i = 0; i < verdicts.size(); i++) {
					CodeVerdict verdict = verdicts.get(i).get();
					if (verdict.passed()) {
						passed++;
					}
					else {
						failures.merge(verdict.status().wireName(), 1, Integer::sum);
						if (verdict.status() != dev.gauntlet.environment.code.CodeStatus.FAILED) {
							String detail = verdict.detail().replace('\n', ' ');
							System.out.printf("  %s %s: %s%n", TaskFormats.parse(rows.get(i)).id(),
									verdict.status().wireName(), detail.substring(0, Math.min(300, detail.length())));
						}
					}
				}
				System.out.printf("%s gpt_solution: %d/%d passed (%.1f%%); failures by status %s%n", dataset, passed,
						rows.size(), 100.0 * passed / rows.size(), failures);
			}
			executor.shutdownNow();
		}
	}

}
