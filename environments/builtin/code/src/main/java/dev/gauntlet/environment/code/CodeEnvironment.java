package dev.gauntlet.environment.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.Domain;
import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentDescriptor;
import dev.gauntlet.environment.spi.ListTaskSet;
import dev.gauntlet.environment.spi.SessionStart;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.TaskSet;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import dev.gauntlet.sandbox.SandboxSettings;
import dev.gauntlet.sandbox.SandboxUnavailableException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Programming tasks verified by running the answer in the sandbox: HumanEval (164, Python), HumanEval-Java (158),
 * MBPP (20), CodeContests (20) and LiveCodeBench (3), as shipped beside this class. The sandbox starts on the first
 * verification; where it cannot start (no bubblewrap), verification answers {@link Verification.Status#ERROR}
 * and never runs the code unsandboxed, unless {@code gauntlet.environments.code.sandbox.mode=unsafe-local} was
 * chosen ({@link CodeSandboxSettings}).
 */
public final class CodeEnvironment implements Environment, AutoCloseable {

	public static final String NAME = "code";

	public static final String VERSION = "1.0.0";

	static final String INSTRUCTION = "Solve the programming task. Think as long as you need, then give the "
			+ "complete solution in one fenced code block in the task's language (```python or ```java). "
			+ "Only the last such block is run.";

	private final ListTaskSet tasks;

	private final Map<String, CodeTask> parsed = new ConcurrentHashMap<>();

	private final CodeSettings settings;

	private final SandboxSettings sandbox;

	private volatile @Nullable CodeVerifier verifier;

	public CodeEnvironment() {
		this(CodeSettings.defaults(), SandboxSettings.defaults());
	}

	public CodeEnvironment(CodeSettings settings, SandboxSettings sandbox) {
		this.settings = settings;
		this.sandbox = sandbox;
		List<Task> all = new ArrayList<>();
		for (String dataset : List.of(CodeDatasets.HUMANEVAL_PYTHON, CodeDatasets.HUMANEVAL_JAVA, CodeDatasets.MBPP,
				CodeDatasets.CODE_CONTESTS, CodeDatasets.LIVECODEBENCH)) {
			for (JsonNode row : CodeDatasets.rows(dataset)) {
				CodeTask task = TaskFormats.parse(row);
				parsed.put(task.id(), task);
				all.add(new Task(task.id(), Map.of("dataset", dataset, "language", task.language(), "statement",
						task.statement(), "tests", task.testCount(), "row", TaskFormats.JSON.writeValueAsString(row))));
			}
		}
		this.tasks = new ListTaskSet(all);
	}

	@Override
	public EnvironmentDescriptor descriptor() {
		return new EnvironmentDescriptor(NAME, VERSION, Domain.CODE,
				"Programs run in a bubblewrap sandbox against the task's tests: HumanEval (Python, Java), MBPP, "
						+ "CodeContests, LiveCodeBench. Reward 1 when every test passes (or the pass fraction).",
				0, 1, false, List.of());
	}

	@Override
	public TaskSet tasks() {
		return tasks;
	}

	@Override
	public SessionStart seed(String sessionId, Task task) {
		return new SessionStart(sessionId,
				List.of(ChatMessage.system(INSTRUCTION), ChatMessage.user(task.text("statement"))), List.of());
	}

	@Override
	public Verification verify(VerificationRequest request) {
		CodeTask task;
		try {
			task = parsed.computeIfAbsent(request.task().id(),
					id -> TaskFormats.parse(TaskFormats.JSON.readTree(request.task().text("row"))));
		}
		catch (RuntimeException ex) {
			return Verification.error("not a code task: " + ex.getMessage());
		}
		CodeVerifier running;
		try {
			running = verifier();
		}
		catch (SandboxUnavailableException ex) {
			return Verification.error(ex.getMessage());
		}
		CodeVerdict verdict = running.verify(task, request.finalAnswer());
		if (verdict.status() == CodeStatus.SANDBOX_ERROR) {
			return Verification.error("sandbox error: " + verdict.detail());
		}
		long passed = verdict.tests().stream().filter(TestVerdict::passed).count();
		double fraction = verdict.tests().isEmpty() ? 0 : (double) passed / verdict.tests().size();
		return new Verification(Verification.Status.OK, verdict.reward(),
				Map.of("correct", verdict.passed() ? 1.0 : 0.0, "pass_fraction", fraction), verdict.code(),
				verdict.status().wireName() + ": " + verdict.detail());
	}

	private CodeVerifier verifier() {
		CodeVerifier current = verifier;
		if (current == null) {
			synchronized (this) {
				current = verifier;
				if (current == null) {
					current = CodeVerifier.start(settings, sandbox);
					verifier = current;
				}
			}
		}
		return current;
	}

	@Override
	public void close() {
		CodeVerifier current = verifier;
		if (current != null) {
			current.close();
		}
	}

}
