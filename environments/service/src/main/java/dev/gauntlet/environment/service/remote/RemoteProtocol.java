package dev.gauntlet.environment.service.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.openai.OpenAiMessage;
import dev.gauntlet.environment.spi.ToolResult;
import dev.gauntlet.environment.spi.Verification;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The environment protocol spoken to a remote environment. The remote owns no registry, so seed and verify bodies
 * carry the task row. Every reply is outside input: it is checked, and anything unusable becomes a
 * {@link RemoteException} (seed, tools) or a {@link Verification.Status#ERROR} verdict (verify), never a reward.
 */
@Component
public class RemoteProtocol {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The most tools a remote may offer in one session. */
	static final int MAX_TOOLS = 64;

	private final RemoteClient client;

	public RemoteProtocol(RemoteClient client) {
		this.client = client;
	}

	/** The opening of a session: messages in OpenAI form, tools as OpenAI function schemas (maps). */
	public record Seeded(List<OpenAiMessage> messages, List<Map<String, Object>> tools) {
	}

	public String health(String baseUrl, RemoteClient.Mode mode) {
		JsonNode reply = client.get(baseUrl, "/health", mode);
		String status = reply.path("status").asString("");
		if (!(status.equalsIgnoreCase("UP") || status.equalsIgnoreCase("ok"))) {
			throw new RemoteException("/health answered status '" + status + "', not UP");
		}
		return status;
	}

	@SuppressWarnings("unchecked")
	public Seeded seed(String baseUrl, String sessionId, String taskId, Map<String, Object> task,
			RemoteClient.Mode mode) {
		JsonNode reply = client.post(baseUrl, "/seed_session",
				body("session_id", sessionId, "task_id", taskId, "task", task), mode);
		List<OpenAiMessage> messages = new ArrayList<>();
		try {
			if (!reply.path("messages").isArray() || reply.path("messages").isEmpty()) {
				throw new RemoteException("/seed_session answered no messages");
			}
			for (JsonNode m : reply.path("messages")) {
				messages.add(JSON.treeToValue(m, OpenAiMessage.class));
			}
			OpenAiMessage.toChat(messages);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new RemoteException("/seed_session answered unusable messages: " + ex.getMessage());
		}
		List<Map<String, Object>> tools = new ArrayList<>();
		JsonNode wireTools = reply.path("tools");
		if (!wireTools.isMissingNode() && !wireTools.isNull()) {
			if (!wireTools.isArray() || wireTools.size() > MAX_TOOLS) {
				throw new RemoteException("/seed_session answered tools that are not a list of at most " + MAX_TOOLS);
			}
			for (JsonNode tool : wireTools) {
				if (!tool.path("function").path("name").isString()) {
					throw new RemoteException("/seed_session answered a tool without function.name: " + tool);
				}
				tools.add(JSON.treeToValue(tool, Map.class));
			}
		}
		return new Seeded(messages, tools);
	}

	public ToolResult tool(String baseUrl, String sessionId, String tool, @Nullable Object arguments) {
		JsonNode reply;
		try {
			reply = client.post(baseUrl, "/tools/" + java.net.URLEncoder.encode(tool, java.nio.charset.StandardCharsets.UTF_8),
					body("session_id", sessionId, "arguments", arguments == null ? Map.of() : arguments),
					RemoteClient.Mode.ONCE);
		}
		catch (RemoteException ex) {
			throw ex;
		}
		if (!reply.path("content").isString()) {
			throw new RemoteException("/tools/" + tool + " answered no content string");
		}
		return new ToolResult(reply.path("content").asString(), reply.path("error").asBoolean(false));
	}

	/**
	 * Verifies an episode on the remote. A remote that cannot be reached, or answers something unusable or a
	 * reward outside the registered range, yields an ERROR verdict: the rollout fails, it is not scored 0.
	 */
	public Verification verify(String baseUrl, String sessionId, String taskId, Map<String, Object> task,
			List<OpenAiMessage> messages, double minReward, double maxReward, RemoteClient.Mode mode) {
		JsonNode reply;
		try {
			reply = client.post(baseUrl, "/verify",
					body("session_id", sessionId, "task_id", taskId, "task", task, "messages", messages), mode);
		}
		catch (RemoteException ex) {
			return Verification.error("remote verify failed: " + ex.getMessage());
		}
		String status = reply.path("status").asString("");
		String detail = reply.path("detail").asString("");
		if (status.equalsIgnoreCase("error")) {
			return Verification.error("remote verifier error: " + detail);
		}
		if (!status.equalsIgnoreCase("ok")) {
			return Verification.error("remote verify answered status '" + status + "', not ok or error");
		}
		JsonNode reward = reply.path("reward");
		if (!reward.isNumber() || !Double.isFinite(reward.asDouble())) {
			return Verification.error("remote verify answered no finite reward");
		}
		double value = reward.asDouble();
		if (value < minReward || value > maxReward) {
			return Verification.error("remote verify answered reward " + value + ", outside the registered range ["
					+ minReward + ", " + maxReward + "]");
		}
		Map<String, Double> components = new LinkedHashMap<>();
		JsonNode wire = reply.path("reward_components");
		if (wire.isObject()) {
			for (var entry : wire.properties()) {
				if (entry.getValue().isNumber() && components.size() < 64) {
					components.put(entry.getKey(), entry.getValue().asDouble());
				}
			}
		}
		if (components.isEmpty()) {
			components.put("reward", value);
		}
		JsonNode extracted = reply.path("extracted_answer");
		return new Verification(Verification.Status.OK, value, components,
				extracted.isString() ? extracted.asString() : null, detail);
	}

	private static Map<String, Object> body(Object... keyValues) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			body.put((String) keyValues[i], keyValues[i + 1]);
		}
		return body;
	}

}
