package dev.gauntlet.environment.code;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.gauntlet.sandbox.FunctionsJob;
import dev.gauntlet.sandbox.FunctionsOutcome;
import dev.gauntlet.sandbox.ProcessRun;
import dev.gauntlet.sandbox.ProcessesJob;
import dev.gauntlet.sandbox.SandboxFailureException;
import dev.gauntlet.sandbox.SandboxPool;
import dev.gauntlet.sandbox.SandboxSettings;
import dev.gauntlet.sandbox.SandboxUnavailableException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Verifies responses to code tasks by running them in the sandbox. Thread-safe; runs as many verifications at once
 * as the pool has workers.
 *
 * <p>A test passes only when it was observed to run and succeed: for Python function tests the judge process
 * reports it (see {@link FunctionsOutcome}); for Java the harness proves that {@code main} returned by echoing a
 * secret it read before the program ran; for stdio tests the output is compared here, outside the sandbox, with
 * expected outputs that never enter it.
 */
public final class CodeVerifier implements AutoCloseable {

	/** Where Java programs find their classpath jar inside the sandbox. */
	static final String SANDBOX_CLASSPATH = "/opt/gauntlet/lib/classpath.jar";

	private static final Duration GRACE = Duration.ofSeconds(5);

	private final SandboxPool pool;

	private final boolean ownsPool;

	private final CodeSettings settings;

	private final Map<String, OutputJudge> judges = new ConcurrentHashMap<>();

	public CodeVerifier(SandboxPool pool, CodeSettings settings) {
		this(pool, settings, false);
	}

	private CodeVerifier(SandboxPool pool, CodeSettings settings, boolean ownsPool) {
		this.pool = pool;
		this.settings = settings;
		this.ownsPool = ownsPool;
	}

	/**
	 * Starts a verifier with its own pool; closing the verifier closes the pool.
	 *
	 * @throws SandboxUnavailableException when the code cannot be isolated ({@link CodeSandboxSettings#refusal})
	 */
	public static CodeVerifier start(CodeSettings settings, SandboxSettings sandbox) {
		CodeSandboxSettings.refusal(sandbox).ifPresent(reason -> {
			throw new SandboxUnavailableException(reason);
		});
		return new CodeVerifier(SandboxPool.start(sandboxSettings(settings, sandbox)), settings, true);
	}

	/** The sandbox settings plus what Java programs need: the classpath jar and, if outside /usr, the JDK. */
	public static SandboxSettings sandboxSettings(CodeSettings settings, SandboxSettings sandbox) {
		SandboxSettings result = sandbox;
		Path jar = settings.javaClasspath() != null ? settings.javaClasspath() : LibraryJar.of("org.javatuples.Pair");
		if (jar != null) {
			result = result.withReadOnlyBind(jar, SANDBOX_CLASSPATH);
		}
		Path javaHome = settings.javaHome().toAbsolutePath().normalize();
		if (!javaHome.startsWith("/usr/")) {
			result = result.withReadOnlyBind(javaHome, javaHome.toString());
		}
		return result;
	}

	/** Registers a special judge for one stdio task (see {@link OutputJudge}). */
	public void registerJudge(String taskId, OutputJudge judge) {
		judges.put(taskId, judge);
	}

	/** The sandbox pool this verifier runs on, to share it with another verifier. */
	public SandboxPool pool() {
		return pool;
	}

	public CodeSettings settings() {
		return settings;
	}

	/** Extracts the program from a model response and verifies it. */
	public CodeVerdict verify(CodeTask task, String response) {
		LanguageRuntime runtime = settings.runtimes().get(task.language());
		if (runtime == null) {
			return CodeVerdict.failure(CodeStatus.SANDBOX_ERROR, task.testCount(), null,
					"no runtime is configured for language '" + task.language() + "'");
		}
		Optional<String> code = CodeExtractor.extract(response, runtime);
		if (code.isEmpty()) {
			return CodeVerdict.failure(CodeStatus.NO_CODE, task.testCount(), null,
					"no " + task.language() + " code found in the response");
		}
		return verifyCode(task, code.get());
	}

	/** Verifies a program given as code (no extraction), e.g. a dataset's reference solution. */
	public CodeVerdict verifyCode(CodeTask task, String code) {
		LanguageRuntime runtime = settings.runtimes().get(task.language());
		if (runtime == null) {
			return CodeVerdict.failure(CodeStatus.SANDBOX_ERROR, task.testCount(), code,
					"no runtime is configured for language '" + task.language() + "'");
		}
		try {
			List<TestVerdict> tests = switch (task) {
				case CodeTask.HumanEval t -> functions(runtime, new FunctionsJob(ProgramAssembly.humanEval(t, code),
						t.prompt() + "\n" + t.test(), List.of("check(candidate)"),
						Map.of("candidate", t.entryPoint(), t.entryPoint(), t.entryPoint()), false, runtime.limits(),
						settings.functionsWallTime()), 1);
				case CodeTask.Mbpp t -> functions(runtime, new FunctionsJob(ProgramAssembly.mbpp(t, code), t.setup(),
						t.asserts(), Map.of(), true, runtime.limits(), settings.functionsWallTime()), t.asserts().size());
				case CodeTask.CallBased t -> functions(runtime,
						new FunctionsJob(ProgramAssembly.callBased(t, code), "",
								t.cases().stream().map(ProgramAssembly::callBasedTest).toList(),
								Map.of("__gauntlet_call", "__gauntlet_call"), false, runtime.limits(),
								settings.functionsWallTime()),
						t.cases().size());
				case CodeTask.Stdio t -> stdio(runtime, t, code);
				case CodeTask.HumanEvalJava t -> humanEvalJava(runtime, t, code);
			};
			return CodeVerdict.of(tests, code, settings.rewardMode());
		}
		catch (SandboxFailureException | SandboxUnavailableException ex) {
			return CodeVerdict.failure(CodeStatus.SANDBOX_ERROR, task.testCount(), code, ex.getMessage());
		}
	}

	private List<TestVerdict> functions(LanguageRuntime runtime, FunctionsJob job, int testCount) {
		if (runtime.kind() != LanguageRuntime.Kind.PYTHON) {
			throw new SandboxFailureException("function tests need the python runtime, not " + runtime.name(), null);
		}
		return FunctionsVerdicts.of(pool.run(job), testCount);
	}

	private List<TestVerdict> stdio(LanguageRuntime runtime, CodeTask.Stdio task, String code) {
		List<@Nullable String> inputs = new ArrayList<>();
		task.cases().forEach(c -> inputs.add(c.input()));
		Duration wall = runtime.perRunWallTime().multipliedBy(Math.max(1, inputs.size())).plus(GRACE);
		if (wall.compareTo(settings.processesWallCap()) > 0) {
			wall = settings.processesWallCap();
		}
		// With an all-or-nothing reward, a crash or timeout decides the verdict: the remaining runs are skipped.
		boolean stopOnFailure = settings.rewardMode() == CodeSettings.RewardMode.ALL_PASS;
		ProcessesJob job = runtime.kind() == LanguageRuntime.Kind.PYTHON
				? new ProcessesJob(code, null, Map.of(), Map.of(), inputs, false, runtime.limits(),
						runtime.perRunWallTime(), wall, settings.maxOutputBytes(), stopOnFailure)
				: new ProcessesJob(null, command(runtime), Map.of(runtime.sourceFile(), code), Map.of(), inputs, false,
						runtime.limits(), runtime.perRunWallTime(), wall, settings.maxOutputBytes(), stopOnFailure);
		List<ProcessRun> runs = pool.run(job).runs();
		List<TestVerdict> verdicts = new ArrayList<>();
		List<Integer> toJudge = new ArrayList<>();
		for (int i = 0; i < task.cases().size(); i++) {
			ProcessRun run = i < runs.size() ? runs.get(i) : null;
			TestVerdict failure = ProcessVerdicts.failure(i, run, runs.isEmpty() ? null : runs.get(0));
			if (failure != null) {
				verdicts.add(failure);
				continue;
			}
			verdicts.add(null);
			toJudge.add(i);
		}
		judgeOutputs(task, runs, toJudge, verdicts);
		return verdicts;
	}

	private void judgeOutputs(CodeTask.Stdio task, List<ProcessRun> runs, List<Integer> indices,
			List<TestVerdict> verdicts) {
		OutputJudge judge = judges.get(task.id());
		List<Boolean> checked = task.checker() != null && judge == null ? runChecker(task, runs, indices) : null;
		for (int k = 0; k < indices.size(); k++) {
			int i = indices.get(k);
			CodeTask.Case test = task.cases().get(i);
			String actual = runs.get(i).stdout();
			String why;
			if (judge != null) {
				why = judge.accepts(test.input(), test.output(), actual) ? null : "rejected by the special judge";
			}
			else if (checked != null) {
				why = checked.get(k) ? null : "rejected by the task's checker";
			}
			else {
				why = OutputComparator.mismatch(test.output(), actual, task.floatTolerance());
			}
			verdicts.set(i, new TestVerdict(i, why == null ? CodeStatus.PASSED : CodeStatus.FAILED,
					why == null ? "output matches" : "wrong answer: " + why));
		}
	}

	/** Runs the task's Python checker over every (input, output, expected), inside the sandbox. */
	private List<Boolean> runChecker(CodeTask.Stdio task, List<ProcessRun> runs, List<Integer> indices) {
		List<List<String>> cases = new ArrayList<>();
		for (int i : indices) {
			cases.add(List.of(task.cases().get(i).input(), runs.get(i).stdout(), task.cases().get(i).output()));
		}
		String driver = task.checker() + "\n\nimport json as __json, sys as __sys\n"
				+ "__cases = __json.loads(__sys.stdin.read())\n"
				+ "print(__json.dumps([bool(check(i, o, e)) for i, o, e in __cases]))\n";
		LanguageRuntime python = settings.runtimes().get("python");
		ProcessRun run = pool.run(new ProcessesJob(driver, null, Map.of(), Map.of(),
				Collections.singletonList(TaskFormats.JSON.writeValueAsString(cases)), false, python.limits(),
				settings.processesWallCap(), settings.processesWallCap(), settings.maxOutputBytes(), false)).runs().get(0);
		try {
			JsonNode verdicts = TaskFormats.JSON.readTree(run.stdout());
			if (run.exitCode() == null || run.exitCode() != 0 || !verdicts.isArray() || verdicts.size() != indices.size()) {
				throw new IllegalStateException();
			}
			List<Boolean> result = new ArrayList<>();
			verdicts.forEach(v -> result.add(v.asBoolean(false)));
			return result;
		}
		catch (RuntimeException ex) {
			throw new SandboxFailureException("the task's checker failed: " + ProcessVerdicts.tail(run.stderr()), ex);
		}
	}

	private List<TestVerdict> humanEvalJava(LanguageRuntime runtime, CodeTask.HumanEvalJava task, String code) {
		if (runtime.kind() != LanguageRuntime.Kind.EXEC) {
			throw new SandboxFailureException("HumanEval-Java needs a command runtime for java", null);
		}
		ProcessesJob job = new ProcessesJob(null, command(runtime),
				Map.of(runtime.sourceFile(), ProgramAssembly.humanEvalJava(task, code)), Map.of(),
				Collections.singletonList(null), true, runtime.limits(), runtime.perRunWallTime(),
				runtime.perRunWallTime().plus(GRACE), settings.maxOutputBytes(), false);
		ProcessRun run = pool.run(job).runs().get(0);
		return List.of(ProcessVerdicts.javaMain(run));
	}

	private List<String> command(LanguageRuntime runtime) {
		return runtime.command(Map.of("java.home", settings.javaHome().toAbsolutePath().normalize().toString(),
				"classpath", SANDBOX_CLASSPATH));
	}

	@Override
	public void close() {
		if (ownsPool) {
			pool.close();
		}
	}

}
