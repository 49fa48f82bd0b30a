package dev.gauntlet.environment.digits;

import java.util.ArrayList;
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

/**
 * Single-digit arithmetic whose answer is one digit: every {@code a + b} with a sum below 10 and every
 * {@code a - b} that is not negative (110 tasks). A random policy answering one digit is right one time in ten,
 * so learning is easy to see: this is the environment of the end-to-end CPU training test.
 *
 * <p>The prompt is the bare equation, one user message and no instruction: the tiny models this environment
 * exists for read one token per character, so an instruction would triple every sample's tokens and teach nothing
 * a one-token answer needs.
 *
 * <p>The verifier is strict: the answer, with surrounding whitespace removed (and one trailing period), must be
 * exactly the digit. Anything else is wrong, never an error.
 */
public final class DigitsEnvironment implements Environment {

	public static final String NAME = "digits";

	/** 1.1.0: the prompt is the bare equation (1.0.0 put an instruction before it). */
	public static final String VERSION = "1.1.0";

	private final ListTaskSet tasks;

	public DigitsEnvironment() {
		List<Task> all = new ArrayList<>();
		for (int a = 0; a <= 9; a++) {
			for (int b = 0; b <= 9; b++) {
				if (a + b <= 9) {
					all.add(new Task("add-" + a + "-" + b, Map.of("question", a + "+" + b + "=", "answer",
							Integer.toString(a + b))));
				}
				if (a - b >= 0) {
					all.add(new Task("sub-" + a + "-" + b, Map.of("question", a + "-" + b + "=", "answer",
							Integer.toString(a - b))));
				}
			}
		}
		tasks = new ListTaskSet(all);
	}

	@Override
	public EnvironmentDescriptor descriptor() {
		return new EnvironmentDescriptor(NAME, VERSION, Domain.MATH,
				"Single-digit addition and subtraction with a one-digit answer (110 tasks); exact match.", 0, 1, true,
				List.of());
	}

	@Override
	public TaskSet tasks() {
		return tasks;
	}

	@Override
	public SessionStart seed(String sessionId, Task task) {
		return new SessionStart(sessionId,
				List.of(ChatMessage.user(task.text("question"))), List.of());
	}

	@Override
	public Verification verify(VerificationRequest request) {
		String gold = request.task().text("answer");
		String answer = request.finalAnswer().strip();
		if (answer.endsWith(".")) {
			answer = answer.substring(0, answer.length() - 1).strip();
		}
		if (answer.length() > 16) {
			return Verification.of(0, answer.substring(0, 16), "expected a single digit");
		}
		boolean correct = answer.equals(gold);
		return Verification.of(correct ? 1 : 0, answer, correct ? "correct" : "expected " + gold);
	}

}
