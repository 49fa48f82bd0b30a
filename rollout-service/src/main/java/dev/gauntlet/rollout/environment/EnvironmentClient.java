package dev.gauntlet.rollout.environment;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.openai.OpenAiMessage;
import dev.gauntlet.rollout.system.DeadlineCall;
import dev.gauntlet.rollout.system.RolloutSettings;
import dev.gauntlet.web.ReplyText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Talks to environment-service: which tasks a job runs, and the environment protocol's {@code seed_session}.
 * Replies are outside input and are checked before use.
 */
@Component
public class EnvironmentClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final RolloutSettings settings;

	private final Semaphore inFlight;

	/** Retries of an idempotent call after a connection error. */
	static final int IDEMPOTENT_RETRIES = 2;

	/** A reply larger than this (in bytes) is refused while it arrives: no session or tool result is this big. */
	static final int MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

	public EnvironmentClient(HttpClient outboundHttpClient, RolloutSettings settings) {
		this.http = outboundHttpClient;
		this.settings = settings;
		this.inFlight = new Semaphore(settings.maxEnvironmentInFlight(), true);
	}

	/** Picks tasks; {@link TaskSelectionRejected} says which request field was wrong. */
	public TaskSelection selectTasks(String environment, int count, long seed) {
		return selectTasks(environment, List.of(), count, seed);
	}

	/** Picks the given task ids when there are any, else {@code count} tasks seeded by {@code seed}. */
	public TaskSelection selectTasks(String environment, List<String> taskIds, int count, long seed) {
		String path = "/v1/environments/" + encode(environment) + "/tasks?"
				+ (taskIds.isEmpty() ? "count=" + count + "&seed=" + seed
						: String.join("&", taskIds.stream().map(id -> "ids=" + encode(id)).toList()));
		count = taskIds.isEmpty() ? count : taskIds.size();
		TextReply response = sendIdempotent(HttpRequest.newBuilder(url(path)).GET(), noRolloutDeadline());
		if (response.statusCode() == 404) {
			throw new TaskSelectionRejected("environment", "no environment named '" + environment + "'");
		}
		if (response.statusCode() == 400) {
			throw new TaskSelectionRejected(taskIds.isEmpty() ? "tasks" : "taskIds",
					ReplyText.detail(response.body()));
		}
		JsonNode body = okJson(response, "task selection");
		List<String> ids = new ArrayList<>();
		body.path("taskIds").forEach(id -> ids.add(id.asString()));
		String reference = body.path("environment").asString("");
		int at = reference.indexOf('@');
		if (at <= 0 || ids.size() != count) {
			throw new EnvironmentException("environment_malformed_response",
					"environment-service returned an unusable task selection");
		}
		return new TaskSelection(new EnvironmentRef(reference.substring(0, at), reference.substring(at + 1)), ids);
	}

	/**
	 * Opens a session for a rollout.
	 *
	 * @param deadline the rollout's deadline ({@link System#nanoTime()}); the call, its retries included, ends by then
	 */
	public Session seed(String environment, String sessionId, String taskId, long deadline) {
		TextReply response = sendIdempotent(HttpRequest.newBuilder(url("/environments/" + encode(environment) + "/seed_session"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(
					JSON.writeValueAsString(Map.of("session_id", sessionId, "task_id", taskId)))), deadline);
		JsonNode body = okJson(response, "seed_session");
		try {
			List<OpenAiMessage> wire = new ArrayList<>();
			for (JsonNode m : body.path("messages")) {
				wire.add(JSON.treeToValue(m, OpenAiMessage.class));
			}
			List<ChatMessage> messages = OpenAiMessage.toChat(wire);
			if (messages.isEmpty()) {
				throw new IllegalArgumentException("no messages");
			}
			return new Session(sessionId, messages, body.path("tools"));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new EnvironmentException("environment_malformed_response",
					"seed_session returned unusable messages: " + ex.getMessage());
		}
	}

	/**
	 * Calls a tool in a session. A tool's own error is a result with {@code error: true} (the model reads it); an
	 * unreachable environment or an HTTP error is an {@link EnvironmentException} (the rollout fails).
	 *
	 * @param arguments the call's arguments, already checked to be a JSON object
	 * @param deadline the rollout's deadline ({@link System#nanoTime()}); the call ends by then
	 */
	public ToolResult callTool(String environment, String sessionId, String tool, JsonNode arguments,
			long deadline) {
		Map<String, Object> request = Map.of("session_id", sessionId, "arguments", arguments);
		TextReply response = send(HttpRequest
			.newBuilder(url("/environments/" + encode(environment) + "/tools/" + encode(tool)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))), deadline);
		JsonNode body = okJson(response, "tool " + tool);
		JsonNode content = body.path("content");
		if (!content.isString() && !content.isNull() && !content.isMissingNode()) {
			throw new EnvironmentException("environment_malformed_response", "tool " + tool + " returned no text");
		}
		return new ToolResult(content.isString() ? content.asString() : "", body.path("error").asBoolean(false));
	}

	/** What a tool answered: its text and whether it is an error message. */
	public record ToolResult(String content, boolean error) {
	}

	/**
	 * Task selection and seeding are idempotent (a session is keyed by the rollout id), so a connection error, such
	 * as a pooled keep-alive connection the server has just closed, is retried. Tool calls are not retried: a tool
	 * may have acted before the connection broke.
	 */
	private TextReply sendIdempotent(HttpRequest.Builder request, long deadline) {
		EnvironmentException last = null;
		for (int attempt = 0; attempt <= IDEMPOTENT_RETRIES; attempt++) {
			try {
				return send(request, deadline);
			}
			catch (EnvironmentException ex) {
				if (!ex.code().equals("environment_unreachable")) {
					throw ex;
				}
				last = ex;
				if (attempt == IDEMPOTENT_RETRIES) {
					break; // no pause before giving up, and the cause stays unreachable
				}
				long pause = settings.retryBackoff().toMillis() << attempt;
				if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) - deadline >= 0) {
					throw deadlineExceeded();
				}
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new EnvironmentException("cancelled", "interrupted while retrying environment-service");
				}
			}
		}
		throw last;
	}

	/**
	 * One call, bounded as a whole (headers and body) by the environment timeout or the rollout's deadline,
	 * whichever ends first; waiting for a turn counts against the deadline too.
	 */
	private TextReply send(HttpRequest.Builder request, long deadline) {
		try {
			HttpResponse<String> response = DeadlineCall.send(http, request.build(), inFlight,
					settings.environmentTimeout(), deadline, MAX_RESPONSE_BYTES);
			return new TextReply(response.statusCode(), response.body());
		}
		catch (DeadlineCall.Failed ex) {
			throw switch (ex.failure()) {
				case DEADLINE_EXCEEDED -> deadlineExceeded();
				case CANCELLED -> new EnvironmentException("cancelled", "interrupted while calling environment-service");
				case REPLY_TOO_LARGE -> new EnvironmentException("environment_malformed_response",
						"environment-service reply exceeds " + MAX_RESPONSE_BYTES + " bytes");
				// a broken connection is unreachable too: idempotent calls retry it
				case UNREACHABLE, CONNECTION_FAILED -> new EnvironmentException("environment_unreachable",
						"environment-service call failed: " + ex.getMessage());
				case TIMEOUT -> new EnvironmentException("environment_timeout",
						"environment-service did not answer in full within " + settings.environmentTimeout().toMillis()
								+ " ms");
			};
		}
	}

	/** Task selection belongs to no rollout: only the per-call timeout bounds it, so its deadline is far away. */
	private static long noRolloutDeadline() {
		return System.nanoTime() + TimeUnit.DAYS.toNanos(1);
	}

	private static EnvironmentException deadlineExceeded() {
		return new EnvironmentException("rollout_deadline_exceeded", "the rollout ran out of its wall-clock deadline");
	}

	private static JsonNode okJson(TextReply response, String what) {
		if (response.statusCode() != 200) {
			throw new EnvironmentException("environment_http_" + response.statusCode(),
					what + " answered HTTP " + response.statusCode() + ": " + ReplyText.detail(response.body()));
		}
		try {
			return JSON.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new EnvironmentException("environment_malformed_response", what + " did not return JSON");
		}
	}

	private URI url(String path) {
		String base = settings.environmentServiceUrl().toString();
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8);
	}

	/** An environment-service reply, its body decoded. */
	private record TextReply(int statusCode, String body) {
	}

	/** The tasks of a job, and the exact environment version they belong to. */
	public record TaskSelection(EnvironmentRef environment, List<String> taskIds) {
	}

	/** An opened session: the prompt and the tools (as OpenAI function schemas). */
	public record Session(String sessionId, List<ChatMessage> messages, JsonNode tools) {
	}

	/** The environment or task selection in a job request is wrong; names the request field. */
	public static class TaskSelectionRejected extends RuntimeException {

		private final String field;

		TaskSelectionRejected(String field, String message) {
			super(message);
			this.field = field;
		}

		public String field() {
			return field;
		}

	}

}
