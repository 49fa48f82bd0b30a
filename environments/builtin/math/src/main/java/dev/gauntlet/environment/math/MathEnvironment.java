package dev.gauntlet.environment.math;

import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.Domain;
import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentDescriptor;
import dev.gauntlet.environment.spi.SessionStart;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.TaskSet;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import dev.gauntlet.verifier.math.GoldAnswer;
import dev.gauntlet.verifier.math.MathVerifier;
import dev.gauntlet.verifier.math.Verdict;

/**
 * Math problems graded by the exact math verifier: GSM8K and MATH-500 (shipped), any question/answer JSONL, and
 * seeded generators. Tasks whose gold answer the verifier cannot use are dropped at load time and listed in
 * {@link #filterReport()}.
 */
public final class MathEnvironment implements Environment {

	public static final String NAME = "math";

	public static final String VERSION = "1.0.0";

	private final MathSettings settings;

	private final MathVerifier verifier;

	private final MathTaskSet tasks;

	private final Map<String, GoldAnswer> golds;

	private final FilterReport report;

	/** GSM8K and MATH-500 with boxed answers. */
	public MathEnvironment() {
		this(MathSettings.defaults());
	}

	public MathEnvironment(MathSettings settings) {
		this.settings = settings;
		this.verifier = MathVerifier.create(settings.verifier());
		MathDatasets.Loaded loaded = MathDatasets.load(settings.datasets(), verifier);
		this.tasks = new MathTaskSet(loaded.tasks(), settings.generators(), settings.difficulty(),
				settings.generatedShare());
		this.golds = Map.copyOf(loaded.golds());
		this.report = loaded.report();
	}

	@Override
	public EnvironmentDescriptor descriptor() {
		String generated = settings.generators().isEmpty() ? ""
				: " plus generated problems (" + String.join(", ",
						settings.generators().stream().map(g -> g.kind()).toList()) + ", difficulty "
						+ settings.difficulty() + ")";
		return new EnvironmentDescriptor(NAME, VERSION, Domain.MATH,
				"Math problems (" + report.kept() + " dataset tasks" + generated + ", " + report.dropped().size()
						+ " dropped at load) graded by the exact math verifier; answers in "
						+ (settings.template() == PromptTemplate.BOXED ? "\\boxed{}" : "#### form") + ".",
				0, 1, true, List.of());
	}

	@Override
	public TaskSet tasks() {
		return tasks;
	}

	/** What the load-time filter dropped, and why. */
	public FilterReport filterReport() {
		return report;
	}

	@Override
	public SessionStart seed(String sessionId, Task task) {
		return new SessionStart(sessionId, List.of(ChatMessage.system(settings.template().instruction()),
				ChatMessage.user(task.text("question"))), List.of());
	}

	@Override
	public Verification verify(VerificationRequest request) {
		Task task = request.task();
		Object answer = task.fields().get("answer");
		if (answer == null) {
			return Verification.error("task " + task.id() + " has no gold answer");
		}
		GoldAnswer gold = golds.get(task.id());
		String response = request.finalAnswer();
		Verdict verdict = gold != null && gold.text().equals(answer.toString()) ? verifier.verify(gold, response)
				: verifier.verify(answer.toString(), response);
		if (verdict.isError()) {
			return Verification.error(verdict.status() + ": " + verdict.error());
		}
		String detail = switch (verdict.status()) {
			case CORRECT -> "equivalent to the gold answer";
			case NO_ANSWER -> "no final answer found";
			default -> "not equivalent to the gold answer " + answer;
		};
		return Verification.of(verdict.reward(), verdict.extracted(), detail);
	}

}
