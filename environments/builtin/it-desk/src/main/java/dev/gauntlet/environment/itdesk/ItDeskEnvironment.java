package dev.gauntlet.environment.itdesk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.itdesk.SessionStore.Outcome;
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
 * The it-desk environment. A session is a seeded world in PostgreSQL; tools change it; the verifier compares its
 * end state with the state the task's reference actions produce on a fresh copy of the same world, and checks
 * that the replies state the required facts. The reward is the product: 1 only when both hold.
 */
public final class ItDeskEnvironment implements Environment {

	public static final String NAME = "it-desk";

	public static final String VERSION = "1.0.0";

	/** Tasks per family; 20 families. */
	static final int TASKS_PER_FAMILY = 30;

	/** Enough for any task several times over; a looping policy stops here. */
	static final int MAX_TOOL_CALLS = 200;

	private final SessionStore store;

	private final DeskTools tools = new DeskTools();

	private final Map<String, DeskTask> tasksById;

	/** The reference end state of each task verified so far; a pure function of the task. */
	private final Map<String, StateDigest> expectedDigests = new java.util.concurrent.ConcurrentHashMap<>();

	private final ListTaskSet tasks;

	ItDeskEnvironment(SessionStore store, List<DeskTask> tasks) {
		this.store = store;
		this.tasksById = tasks.stream()
			.collect(Collectors.toMap(DeskTask::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
		this.tasks = new ListTaskSet(tasks.stream().map(DeskTask::toTask).toList());
	}

	public ItDeskEnvironment(javax.sql.DataSource dataSource) {
		this(new SessionStore(dataSource), TaskGenerator.generate(TASKS_PER_FAMILY));
	}

	@Override
	public EnvironmentDescriptor descriptor() {
		return new EnvironmentDescriptor(NAME, VERSION, Domain.TOOL_USE,
				"A stateful IT service desk (users, groups, assets, tickets, knowledge base) with " + tools.specs().size()
						+ " tools; " + tasksById.size() + " seeded tasks from single lookups to multi-step workflows and "
						+ "policy refusals; verified by end state and required facts, as in tau2-bench.",
				0, 1, true, tools.specs());
	}

	@Override
	public TaskSet tasks() {
		return tasks;
	}

	@Override
	public SessionStart seed(String sessionId, Task task) {
		DeskTask desk = deskTask(task);
		store.create(sessionId, desk.id(), WorldGenerator.generate(desk.seed()));
		return new SessionStart(sessionId, List.of(ChatMessage.system(Policy.TEXT), ChatMessage.user(desk.request())),
				tools.specs());
	}

	@Override
	public ToolResult callTool(String sessionId, String toolName, String argumentsJson) {
		if (tools.find(toolName).isEmpty()) {
			return tools.unknown(toolName);
		}
		if (argumentsJson.length() > Args.MAX_JSON_CHARS) {
			return ToolResult.error("arguments too large: " + argumentsJson.length() + " characters (limit "
					+ Args.MAX_JSON_CHARS + ")");
		}
		Optional<ToolResult> result = store.apply(sessionId, session -> {
			if (session.toolCalls() >= MAX_TOOL_CALLS) {
				return new Outcome<>(ToolResult.error("tool call limit reached: " + MAX_TOOL_CALLS + " calls per session"),
						Optional.empty());
			}
			World world = session.world();
			ToolResult r = tools.call(world, toolName, argumentsJson);
			boolean changed = !r.error() && tools.find(toolName).orElseThrow().changesSession();
			return new Outcome<>(r, changed ? Optional.of(world) : Optional.empty());
		});
		return result.orElseGet(() -> ToolResult.error("no session '" + Args.clip(sessionId)
				+ "' in it-desk; start one with seed_session first"));
	}

	@Override
	public Verification verify(VerificationRequest request) {
		DeskTask task = deskTask(request.task());
		Optional<SessionStore.Session> session = store.find(request.sessionId());
		if (session.isEmpty()) {
			return Verification.error("no session '" + request.sessionId() + "' to verify");
		}
		if (!session.get().taskId().equals(task.id())) {
			return Verification.error("session '" + request.sessionId() + "' belongs to task "
					+ session.get().taskId() + ", not " + task.id());
		}
		StateDigest actual = StateDigest.of(session.get().world());
		StateDigest expected = expectedDigests.computeIfAbsent(task.id(), id -> StateDigest.of(referenceWorld(task)));
		List<String> differing = actual.differences(expected);
		String replies = replies(request);
		List<String> missing = task.requiredFacts()
			.stream()
			.filter(fact -> !replies.contains(normalize(fact)))
			.toList();
		double state = differing.isEmpty() ? 1 : 0;
		double facts = missing.isEmpty() ? 1 : 0;
		List<String> reasons = new ArrayList<>();
		reasons.add(differing.isEmpty() ? "end state matches the reference"
				: "end state differs from the reference in " + differing);
		if (!task.requiredFacts().isEmpty()) {
			reasons.add(missing.isEmpty() ? "the reply states every required fact"
					: "the reply is missing " + missing.size() + " of " + task.requiredFacts().size() + " required facts");
		}
		Map<String, Double> components = new LinkedHashMap<>();
		components.put("end_state", state);
		components.put("required_facts", facts);
		return new Verification(Verification.Status.OK, state * facts, components, clip(request.finalAnswer()),
				String.join("; ", reasons));
	}

	@Override
	public void close(String sessionId) {
		store.delete(sessionId);
	}

	/** The world the task's reference actions produce from its seed. */
	World referenceWorld(DeskTask task) {
		World world = WorldGenerator.generate(task.seed());
		for (Action action : task.reference()) {
			ToolResult r = tools.call(world, action.tool(), action.argumentsJson());
			if (r.error() && tools.find(action.tool()).map(DeskTool::mutating).orElse(false)) {
				throw new IllegalStateException("reference action " + action + " of " + task.id() + " failed: "
						+ r.content());
			}
		}
		return world;
	}

	DeskTask deskTask(Task task) {
		DeskTask desk = tasksById.get(task.id());
		if (desk == null) {
			throw new IllegalArgumentException("unknown it-desk task " + task.id());
		}
		return desk;
	}

	List<DeskTask> deskTasks() {
		return List.copyOf(tasksById.values());
	}

	DeskTools deskTools() {
		return tools;
	}

	/** Every assistant reply, thinking removed, normalized as the facts are (tau-bench: lower case, no commas). */
	private static String replies(VerificationRequest request) {
		StringBuilder text = new StringBuilder();
		for (ChatMessage m : request.messages()) {
			if (m.role().equals("assistant") && m.content() != null) {
				text.append(withoutThinking(m.content())).append('\n');
			}
		}
		return normalize(text.toString());
	}

	static String normalize(String s) {
		return s.toLowerCase(Locale.ROOT).replace(",", "");
	}

	private static String withoutThinking(String text) {
		String visible = text.replaceAll("(?s)<think>.*?</think>", "");
		int open = visible.indexOf("<think>");
		return open < 0 ? visible : visible.substring(0, open);
	}

	private static String clip(String s) {
		return s.length() <= 500 ? s : s.substring(0, 500) + "…";
	}

}
