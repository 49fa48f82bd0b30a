package dev.gauntlet.environment.bfcl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.Domain;
import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentDescriptor;
import dev.gauntlet.environment.spi.ListTaskSet;
import dev.gauntlet.environment.spi.SessionStart;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.TaskSet;
import dev.gauntlet.environment.spi.ToolResult;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;

/**
 * Single-turn function calling from BFCL. The policy sees the question and the functions (OpenAI schema) and
 * answers with tool calls; the verifier checks the calls of its first assistant message that makes any against
 * the ground truth with BFCL's AST rules. Calls are checked, never executed: a tool call is acknowledged so that
 * an agent loop can go on, and its result carries no information.
 */
public final class BfclEnvironment implements Environment {

	public static final String NAME = "bfcl";

	public static final String VERSION = "1.0.0";

	/** How the reward is computed from a verdict. */
	public enum Scoring {

		/** 1 when the calls match the ground truth exactly (BFCL's accuracy), else 0. */
		BINARY,
		/** F1 of the one-to-one matching, so extra junk calls cost reward. */
		F1

	}

	private final Map<String, BfclTask> tasksById;

	private final ListTaskSet tasks;

	private final Set<String> toolNames;

	private final Scoring scoring;

	public BfclEnvironment(Scoring scoring) {
		this(BfclRows.shipped(), scoring);
	}

	BfclEnvironment(List<BfclTask> tasks, Scoring scoring) {
		this.tasksById = tasks.stream()
			.collect(Collectors.toMap(BfclTask::id, Function.identity(), (a, b) -> {
				throw new IllegalArgumentException("duplicate task id " + a.id());
			}, LinkedHashMap::new));
		this.tasks = new ListTaskSet(tasks.stream().map(BfclTask::toTask).toList());
		this.toolNames = tasks.stream()
			.flatMap(t -> ToolSchemas.of(t).stream())
			.map(s -> s.name())
			.collect(Collectors.toUnmodifiableSet());
		this.scoring = scoring;
	}

	@Override
	public EnvironmentDescriptor descriptor() {
		Map<BfclCategory, Long> counts = tasksById.values()
			.stream()
			.collect(Collectors.groupingBy(BfclTask::category, () -> new java.util.EnumMap<>(BfclCategory.class),
					Collectors.counting()));
		return new EnvironmentDescriptor(NAME, VERSION, Domain.TOOL_USE,
				"BFCL single-turn function calling " + counts.entrySet()
					.stream()
					.map(e -> e.getKey().wireName() + " " + e.getValue())
					.collect(Collectors.joining(", ", "(", ")"))
						+ "; BFCL AST checking, order-free parallel matching; reward " + scoring.name().toLowerCase()
						+ ".",
				0, 1, true, List.of());
	}

	@Override
	public TaskSet tasks() {
		return tasks;
	}

	@Override
	public SessionStart seed(String sessionId, Task task) {
		BfclTask bfcl = task(task);
		return new SessionStart(sessionId, List.of(ChatMessage.user(bfcl.question())), ToolSchemas.of(bfcl));
	}

	@Override
	public ToolResult callTool(String sessionId, String toolName, String argumentsJson) {
		if (!toolNames.contains(toolName)) {
			return ToolResult.error("unknown function '" + (toolName.length() > 64 ? toolName.substring(0, 64) + "…"
					: toolName) + "'");
		}
		FunctionCall call = FunctionCall.parse(toolName, argumentsJson);
		if (call.unreadable() != null) {
			return ToolResult.error(call.unreadable());
		}
		return ToolResult.ok("{\"status\": \"recorded\"}");
	}

	@Override
	public Verification verify(VerificationRequest request) {
		BfclTask task = task(request.task());
		List<FunctionCall> calls = firstToolCalls(request.messages());
		BfclVerdict verdict = BfclScorer.score(task, calls);
		Map<String, Double> components = new LinkedHashMap<>();
		components.put("correct", verdict.correct() ? 1.0 : 0.0);
		components.put("f1", verdict.f1());
		double reward = scoring == Scoring.BINARY ? components.get("correct") : verdict.f1();
		return new Verification(Verification.Status.OK, reward, components, describe(calls), verdict.reason());
	}

	/** The calls of the first assistant message that makes any: BFCL's categories here are single-turn. */
	static List<FunctionCall> firstToolCalls(List<ChatMessage> messages) {
		return messages.stream()
			.filter(m -> m.role().equals("assistant") && !m.toolCalls().isEmpty())
			.findFirst()
			.map(m -> FunctionCall.of(m.toolCalls()))
			.orElse(List.of());
	}

	private static String describe(List<FunctionCall> calls) {
		String text = calls.stream()
			.map(c -> c.name() + BfclRows.JSON.writeValueAsString(c.arguments()))
			.collect(Collectors.joining("; "));
		return text.length() <= 1000 ? text : text.substring(0, 1000) + "…";
	}

	Optional<BfclTask> find(String id) {
		return Optional.ofNullable(tasksById.get(id));
	}

	List<BfclTask> all() {
		return List.copyOf(tasksById.values());
	}

	private BfclTask task(Task task) {
		BfclTask bfcl = tasksById.get(task.id());
		if (bfcl == null) {
			throw new IllegalArgumentException("unknown bfcl task " + task.id());
		}
		return bfcl;
	}

}
