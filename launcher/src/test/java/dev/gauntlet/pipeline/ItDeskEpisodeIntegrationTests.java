package dev.gauntlet.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.gauntlet.environment.itdesk.ItDeskEnvironment;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.OpenAiStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multi-turn it-desk episode on the whole path: rollout-service runs the agent loop against a scripted
 * OpenAI-protocol double that plays a task's reference actions as tool calls, one per turn; environment-service
 * runs the tools on the session's world in PostgreSQL; reward-service verifies the episode by end state and
 * required facts. A double that skips one state-changing step gets reward 0 for the same task.
 */
class ItDeskEpisodeIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(90);

	static final JsonMapper JSON = JsonMapper.builder().build();

	static ServiceStack stack;

	static OpenAiStub policy;

	static Http rollouts;

	/** it-desk tasks by their request text: what the double reads to know which task it is playing. */
	static final Map<String, Task> TASKS = new HashMap<>();

	/** Requests whose scripted agent skips its last state-changing call. */
	static final java.util.Set<String> SLOPPY = java.util.concurrent.ConcurrentHashMap.newKeySet();

	@BeforeAll
	static void start() {
		policy = OpenAiStub.start(ItDeskEpisodeIntegrationTests::scriptedAgent);
		stack = ServiceStack.start();
		rollouts = Http.localhost(ServiceStack.port(stack.rollouts));
		ItDeskEnvironment env = new ItDeskEnvironment(stack.environments.getBean(DataSource.class));
		for (Task task : env.tasks().sample((int) env.tasks().size(), 0)) {
			TASKS.put(task.text("question"), task);
		}
	}

	@AfterAll
	static void stop() {
		stack.close();
		policy.close();
	}

	/** Plays the reference: the n-th assistant turn makes the n-th reference call; then it reports the facts. */
	@SuppressWarnings("unchecked")
	static OpenAiStub.Reply scriptedAgent(JsonNode request) {
		Task task = TASKS.get(OpenAiStub.lastUserMessage(request));
		if (task == null) {
			return OpenAiStub.Reply.status(400, "{\"error\": \"the scripted agent does not know this task\"}");
		}
		List<Map<String, Object>> actions = new ArrayList<>(
				(List<Map<String, Object>>) task.fields().get("reference_actions"));
		if (SLOPPY.contains(task.text("question"))) {
			actions.remove(actions.size() - 1);
		}
		int turn = 0;
		for (JsonNode m : request.path("messages")) {
			turn += m.path("role").asString("").equals("assistant") ? 1 : 0;
		}
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		String finish;
		if (turn < actions.size()) {
			Map<String, Object> action = actions.get(turn);
			message.put("content", null);
			message.put("tool_calls", List.of(Map.of("id", "call_" + turn, "type", "function", "function",
					Map.of("name", action.get("tool"), "arguments", JSON.writeValueAsString(action.get("arguments"))))));
			finish = "tool_calls";
		}
		else {
			message.put("content", "All done. " + String.join(", ", (List<String>) task.fields().get("required_facts")));
			finish = "stop";
		}
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("finish_reason", finish);
		return OpenAiStub.Reply.status(200, JSON.writeValueAsString(Map.of("id", "chatcmpl-script", "object",
				"chat.completion", "model", "scripted", "choices", List.of(choice))));
	}

	static UUID submit(List<String> taskIds) {
		Map<String, Object> job = Map.of("environment", "it-desk", "taskIds", taskIds, "samplesPerTask", 1, "policy",
				Map.of("baseUrl", policy.baseUrl(), "model", "scripted", "tokenIds", false), "limits",
				Map.of("maxTurns", 30));
		Http.Reply reply = rollouts.post("/v1/jobs", job);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		return UUID.fromString(reply.json().get("id").asString());
	}

	static JsonNode awaitFinished(UUID jobId) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		JsonNode view = rollouts.get("/v1/jobs/" + jobId).json();
		while (!view.get("status").asString().equals("COMPLETED") && System.nanoTime() < deadline) {
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			view = rollouts.get("/v1/jobs/" + jobId).json();
		}
		assertThat(view.get("status").asString()).as(view.toString()).isEqualTo("COMPLETED");
		return view;
	}

	static Task task(String family) {
		return TASKS.values().stream().filter(t -> t.text("family").equals(family)).findFirst().orElseThrow();
	}

	@Test
	void aMultiTurnEpisodeThatReachesTheReferenceEndStateScoresOne() {
		Task loaner = task("loaner-laptop");
		Task reset = task("password-reset");
		int callsBefore = policy.calls();
		JsonNode view = awaitFinished(submit(List.of(loaner.id(), reset.id())));
		assertThat(view.get("rollouts")).hasSize(2);
		for (JsonNode rollout : view.get("rollouts")) {
			assertThat(rollout.get("status").asString()).as(rollout.toString()).isEqualTo("SCORED");
			assertThat(rollout.get("reward").asDouble()).as(rollout.toString()).isEqualTo(1.0);
		}
		// one policy turn per reference call plus the final reply: 4 + 1 for the loaner, 2 + 1 for the reset
		assertThat(policy.calls() - callsBefore).isEqualTo(8);
	}

	@Test
	void anEpisodeThatSkipsAStateChangingStepScoresZero() {
		Task offboarding = task("offboarding");
		SLOPPY.add(offboarding.text("question"));
		JsonNode view = awaitFinished(submit(List.of(offboarding.id())));
		JsonNode rollout = view.get("rollouts").get(0);
		assertThat(rollout.get("status").asString()).as(rollout.toString()).isEqualTo("SCORED");
		assertThat(rollout.get("reward").asDouble()).isZero();
	}

}
