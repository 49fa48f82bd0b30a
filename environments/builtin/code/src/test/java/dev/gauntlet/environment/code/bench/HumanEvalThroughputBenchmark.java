package dev.gauntlet.environment.code.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.environment.code.CodeDatasets;
import dev.gauntlet.environment.code.CodeSettings;
import dev.gauntlet.environment.code.CodeTask;
import dev.gauntlet.environment.code.CodeVerdict;
import dev.gauntlet.environment.code.CodeVerifier;
import dev.gauntlet.environment.code.TaskFormats;
import dev.gauntlet.sandbox.SandboxSettings;
import tools.jackson.databind.JsonNode;

/**
 * Throughput of sandboxed verification against the unsandboxed baseline, side by side in one process.
 *
 * <ul>
 * <li>Baseline, what a user would write: per task, a temp file with prompt + canonical solution + test +
 * {@code check(entry_point)}, run as a plain {@code python3 file} subprocess (no isolation, no limits); pass means
 * exit status 0.</li>
 * <li>Gauntlet: the same canonical solutions verified by {@link CodeVerifier} on a {@code SandboxPool} (bubblewrap,
 * distinct uid, rlimits, separate judge process, cleanup after every run).</li>
 * </ul>
 * Both sides run the 164 HumanEval problems in {@code rounds} alternating rounds with the same number of
 * concurrent runs ({@code threads}), after one warm-up round each, and must pass every task; the medians are
 * reported. Usage:
 * {@code HumanEvalThroughputBenchmark [threads] [rounds] [python]}.
 */
public final class HumanEvalThroughputBenchmark {

	private HumanEvalThroughputBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		String python = args.length > 2 ? args[2] : "/usr/bin/python3";
		List<JsonNode> rows = CodeDatasets.rows(CodeDatasets.HUMANEVAL_PYTHON);
		Path dir = Files.createTempDirectory("humaneval-baseline");
		List<Path> files = new ArrayList<>();
		for (JsonNode row : rows) {
			Path file = dir.resolve(row.path("entry_point").asString() + "_" + files.size() + ".py");
			Files.writeString(file, row.path("prompt").asString() + row.path("canonical_solution").asString() + "\n"
					+ row.path("test").asString() + "\n" + "check(" + row.path("entry_point").asString() + ")\n");
			files.add(file);
		}
		List<CodeTask> tasks = rows.stream().map(TaskFormats::parse).toList();
		List<String> solutions = rows.stream().map(r -> r.path("canonical_solution").asString()).toList();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try (CodeVerifier verifier = CodeVerifier.start(CodeSettings.defaults(),
				SandboxSettings.defaults().withWorkers(threads))) {
			System.out.printf("HumanEval throughput: %d tasks x %d rounds, %d concurrent runs, baseline %s%n",
					rows.size(), rounds, threads, python);
			timed(executor, files.size(), i -> baseline(python, files.get(i))); // warm-up
			timed(executor, tasks.size(), i -> verifier.verifyCode(tasks.get(i), solutions.get(i)).passed());
			// Rounds alternate between the two sides so that load from elsewhere on the machine hits both alike.
			double[] baseline = new double[rounds];
			double[] sandboxed = new double[rounds];
			double[] ratios = new double[rounds];
			for (int r = 0; r < rounds; r++) {
				baseline[r] = timed(executor, files.size(), i -> baseline(python, files.get(i)));
				sandboxed[r] = timed(executor, tasks.size(),
						i -> verifier.verifyCode(tasks.get(i), solutions.get(i)).passed());
				ratios[r] = sandboxed[r] / baseline[r];
				System.out.printf("round %d: baseline %7.1f runs/s, gauntlet %7.1f runs/s, ratio %.2f%n", r + 1,
						baseline[r], sandboxed[r], ratios[r]);
			}
			System.out.printf("median baseline  (plain python3 subprocess, no isolation): %7.1f runs/s%n",
					median(baseline));
			System.out.printf("median gauntlet  (sandboxed zygote pool)                 : %7.1f runs/s%n",
					median(sandboxed));
			System.out.printf("median ratio gauntlet/baseline: %.2f%n", median(ratios));
		}
		finally {
			executor.shutdownNow();
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(dir);
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	interface Run {

		boolean passes(int index) throws Exception;

	}

	/** Runs {@code count} runs on the executor and returns runs per second; any failing run aborts. */
	private static double timed(ExecutorService executor, int count, Run run) throws Exception {
		long start = System.nanoTime();
		List<Future<Boolean>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			futures.add(executor.submit(() -> run.passes(index)));
		}
		for (int i = 0; i < count; i++) {
			if (!futures.get(i).get(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("run " + i + " did not pass");
			}
		}
		return count / (Duration.ofNanos(System.nanoTime() - start).toNanos() / 1e9);
	}

	private static boolean baseline(String python, Path file) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(python, file.toString()).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		return process.waitFor() == 0;
	}

}
