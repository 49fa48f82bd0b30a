package dev.gauntlet.environment.gsm8k;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.Domain;
import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentDescriptor;
import dev.gauntlet.environment.spi.JsonlDataset;
import dev.gauntlet.environment.spi.ListTaskSet;
import dev.gauntlet.environment.spi.SessionStart;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.TaskSet;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;

/**
 * GSM8K word problems. The prompt asks for the answer after {@code ####}; the verifier compares that number with
 * the gold answer's final number, exactly.
 */
public final class Gsm8kEnvironment implements Environment {

	public static final String NAME = "gsm8k";

	public static final String VERSION = "1.0.0";

	static final String MARKER = "####";

	static final String INSTRUCTION = "Solve the problem step by step. On the last line, write the final answer "
			+ "as a number after '####', like this: #### 42";

	private final ListTaskSet tasks;

	public Gsm8kEnvironment() {
		this(JsonlDataset.read(Gsm8kEnvironment.class, "gsm8k-test.jsonl", Gsm8kEnvironment::toTask));
	}

	Gsm8kEnvironment(List<Task> tasks) {
		this.tasks = new ListTaskSet(tasks);
	}

	/** A dataset row becomes a task only if its gold answer has a readable final number. */
	static Task toTask(int index, Map<String, Object> row) {
		String question = String.valueOf(row.get("question"));
		String solution = String.valueOf(row.get("answer"));
		BigDecimal gold = FinalNumber.after(MARKER, solution)
			.orElseThrow(() -> new IllegalArgumentException("gold answer has no final number after ####"));
		return new Task("gsm8k-" + index, Map.of("question", question, "answer", gold.toPlainString()));
	}

	@Override
	public EnvironmentDescriptor descriptor() {
		return new EnvironmentDescriptor(NAME, VERSION, Domain.MATH,
				"GSM8K grade-school math word problems (test split, 1,319 tasks); the final number after #### is "
						+ "compared exactly.",
				0, 1, true, List.of());
	}

	@Override
	public TaskSet tasks() {
		return tasks;
	}

	@Override
	public SessionStart seed(String sessionId, Task task) {
		return new SessionStart(sessionId,
				List.of(ChatMessage.system(INSTRUCTION), ChatMessage.user(task.text("question"))), List.of());
	}

	@Override
	public Verification verify(VerificationRequest request) {
		BigDecimal gold = new BigDecimal(request.task().text("answer"));
		Optional<BigDecimal> answer = FinalNumber.after(MARKER, request.finalAnswer());
		if (answer.isEmpty()) {
			return Verification.of(0, null, "no number after " + MARKER);
		}
		boolean correct = answer.get().compareTo(gold) == 0;
		return Verification.of(correct ? 1 : 0, answer.get().toPlainString(),
				correct ? "matches the gold answer" : "expected " + gold.toPlainString());
	}

}
