package dev.gauntlet.environment.itdesk;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.environment.spi.ToolResult;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;

/** Plays scripted episodes against an environment: the tool calls an agent would make, then its reply. */
final class Episodes {

	private final ItDeskEnvironment env;

	Episodes(ItDeskEnvironment env) {
		this.env = env;
	}

	/** Seeds a session, makes the calls, replies with {@code reply}, verifies, and closes the session. */
	Result play(DeskTask task, List<Action> actions, String reply) {
		String session = "test-" + UUID.randomUUID();
		env.seed(session, task.toTask());
		List<ChatMessage> messages = new ArrayList<>();
		messages.add(ChatMessage.user(task.request()));
		List<ToolResult> results = new ArrayList<>();
		int n = 0;
		for (Action action : actions) {
			String id = "call_" + n++;
			messages.add(ChatMessage.assistant(null,
					List.of(new ChatMessage.ToolCall(id, action.tool(), action.argumentsJson()))));
			ToolResult r = env.callTool(session, action.tool(), action.argumentsJson());
			results.add(r);
			messages.add(ChatMessage.tool(id, action.tool(), r.content()));
		}
		messages.add(ChatMessage.assistant(reply, List.of()));
		Verification v = env.verify(new VerificationRequest(session, task.toTask(), messages));
		env.close(session);
		return new Result(v, results);
	}

	/** A reply that states every required fact of the task. */
	static String replyWithFacts(DeskTask task) {
		return "Done. " + String.join(", ", task.requiredFacts());
	}

	record Result(Verification verification, List<ToolResult> toolResults) {

		double reward() {
			return verification.reward();
		}

	}

}
