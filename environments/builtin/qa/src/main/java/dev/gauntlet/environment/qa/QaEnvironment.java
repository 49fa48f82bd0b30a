package dev.gauntlet.environment.qa;

import java.util.List;
import java.util.Map;

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
import dev.gauntlet.verifier.math.AnswerMode;
import dev.gauntlet.verifier.math.MathVerifier;
import dev.gauntlet.verifier.math.Verdict;

/**
 * Question answering in the two Nemotron-CrossThink templates: multiple choice (options shuffled per task, the
 * answer is a letter: {@code (C)}, {@code C)}, {@code \text{(C)}}, "the answer is C", {@code \boxed{C}}) and
 * open-ended short answers graded by the math verifier's equivalence engine.
 */
public final class QaEnvironment implements Environment {

	public static final String NAME = "qa";

	public static final String VERSION = "1.0.0";

	private final MathVerifier verifier;

	private final ListTaskSet tasks;

	private final Map<String, String> dropped;

	/** The shipped example questions, options shuffled. */
	public QaEnvironment() {
		this(QaSettings.defaults());
	}

	public QaEnvironment(QaSettings settings) {
		this.verifier = MathVerifier.create(settings.verifier());
		QaLoader.Loaded loaded = QaLoader.load(settings, verifier);
		this.tasks = new ListTaskSet(loaded.tasks());
		this.dropped = Map.copyOf(loaded.dropped());
	}

	@Override
	public EnvironmentDescriptor descriptor() {
		return new EnvironmentDescriptor(NAME, VERSION, Domain.QA,
				"Multiple-choice (shuffled options, letter answers) and open-ended questions, " + tasks.size()
						+ " tasks (" + dropped.size() + " rows dropped at load); open answers graded by the math "
						+ "verifier.",
				0, 1, true, List.of());
	}

	@Override
	public TaskSet tasks() {
		return tasks;
	}

	/** Rows dropped at load time, by task id, with the reason. */
	public Map<String, String> dropped() {
		return dropped;
	}

	@Override
	public SessionStart seed(String sessionId, Task task) {
		QaFormat format = format(task);
		return new SessionStart(sessionId,
				List.of(ChatMessage.system(format.instruction()), ChatMessage.user(prompt(task, format))), List.of());
	}

	static String prompt(Task task, QaFormat format) {
		StringBuilder text = new StringBuilder(task.text("question"));
		if (format == QaFormat.MULTIPLE_CHOICE) {
			text.append("\n");
			List<?> options = (List<?>) task.fields().get("options");
			for (int i = 0; i < options.size(); i++) {
				text.append("\n(").append((char) ('A' + i)).append(") ").append(options.get(i));
			}
		}
		return text.toString();
	}

	@Override
	public Verification verify(VerificationRequest request) {
		Task task = request.task();
		Object answer = task.fields().get("answer");
		if (answer == null) {
			return Verification.error("task " + task.id() + " has no gold answer");
		}
		QaFormat format = format(task);
		Verdict verdict = verifier.verify(answer.toString(), request.finalAnswer(),
				format == QaFormat.MULTIPLE_CHOICE ? AnswerMode.MCQ : AnswerMode.LATEX);
		if (format == QaFormat.MULTIPLE_CHOICE && verdict.status() == Verdict.Status.NO_ANSWER) {
			verdict = byOptionText(task, answer.toString(), request.finalAnswer(), verdict);
		}
		if (verdict.isError()) {
			return Verification.error(verdict.status() + ": " + verdict.error());
		}
		String detail = switch (verdict.status()) {
			case CORRECT -> format == QaFormat.MULTIPLE_CHOICE ? "chose the right option" : "equivalent to the gold answer";
			case NO_ANSWER -> format == QaFormat.MULTIPLE_CHOICE ? "no option letter found" : "no final answer found";
			default -> "expected " + answer;
		};
		return Verification.of(verdict.reward(), verdict.extracted(), detail);
	}

	/**
	 * No letter, but the response may state an option's content ({@code \boxed{12}} for "(C) 12"): it counts as
	 * that option when it matches exactly one of them.
	 */
	private Verdict byOptionText(Task task, String goldLetter, String response, Verdict noLetter) {
		List<?> options = (List<?>) task.fields().get("options");
		int match = -1;
		for (int i = 0; i < options.size(); i++) {
			if (verifier.verify(String.valueOf(options.get(i)), response).correct()) {
				if (match >= 0) {
					return noLetter; // matches several options: no choice was made
				}
				match = i;
			}
		}
		if (match < 0) {
			return noLetter;
		}
		String letter = String.valueOf((char) ('A' + match));
		boolean correct = letter.equals(goldLetter);
		return new Verdict(correct, correct ? 1.0 : 0.0, letter, correct ? Verdict.Status.CORRECT : Verdict.Status.INCORRECT,
				null);
	}

	private static QaFormat format(Task task) {
		Object format = task.fields().get("format");
		return format == null ? (task.fields().containsKey("options") ? QaFormat.MULTIPLE_CHOICE : QaFormat.OPEN_ENDED)
				: QaFormat.valueOf(format.toString());
	}

}
