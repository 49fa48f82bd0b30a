package dev.gauntlet.rollout.policy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.openai.OpenAiMessage;
import dev.gauntlet.rollout.system.DeadlineCall;
import dev.gauntlet.rollout.system.RolloutSettings;
import dev.gauntlet.web.ReplyText;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Calls OpenAI-compatible Chat Completions endpoints (vLLM, SGLang, NIM, Gauntlet's engine).
 *
 * <p>Everything a policy server returns is outside input: a body that is not the expected JSON, a missing choice
 * or an assistant message with a malformed tool call is a {@link PolicyException}, never a crash. Transient errors
 * (connection refused, 429, 5xx) are retried with exponential backoff and jitter; calls to one endpoint are
 * bounded in number so that thousands of rollouts do not flood it.
 */
@Component
public class PolicyClient {

	/** A policy answer larger than this (in bytes) is refused: no sane completion is this big. */
	static final int MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final RolloutSettings settings;

	/** The name given to a tool call that named no function; such a call is answered with an error. */
	public static final String MISSING_TOOL_NAME = "<missing>";

	private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();

	public PolicyClient(HttpClient outboundHttpClient, RolloutSettings settings) {
		this.http = outboundHttpClient;
		this.settings = settings;
	}

	/**
	 * One chat completion, retried after transient errors until {@code deadline} (a {@link System#nanoTime()}
	 * value); a call never waits past it.
	 */
	public ChatCompletion complete(PolicyEndpoint endpoint, PolicyRequest request, long deadline) {
		byte[] body = JSON.writeValueAsBytes(requestBody(endpoint, request));
		PolicyException last = null;
		for (int attempt = 0; attempt <= settings.policyRetries(); attempt++) {
			if (attempt > 0) {
				backoff(attempt, deadline);
			}
			try {
				return call(endpoint, body, deadline);
			}
			catch (PolicyException ex) {
				if (!ex.retriable()) {
					throw ex;
				}
				last = ex;
			}
		}
		throw last;
	}

	/** One call with the default deadline: the per-call timeout, retries included. */
	public ChatCompletion complete(PolicyEndpoint endpoint, List<ChatMessage> messages, SamplingParams sampling) {
		return complete(endpoint, new PolicyRequest(messages, null, sampling, sampling.maxTokens(), false, List.of(),
				Map.of()),
				System.nanoTime() + settings.rolloutDeadline().toNanos());
	}

	private Map<String, Object> requestBody(PolicyEndpoint endpoint, PolicyRequest call) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("model", endpoint.model());
		request.put("messages", OpenAiMessage.from(call.messages()));
		SamplingParams sampling = call.sampling();
		request.put("temperature", sampling.temperature());
		request.put("top_p", sampling.topP());
		request.put("max_tokens", call.maxTokens());
		if (sampling.seed() != null) {
			request.put("seed", sampling.seed());
		}
		if (call.tools() != null && !call.tools().isEmpty()) {
			request.put("tools", call.tools());
		}
		if (!call.stop().isEmpty()) {
			request.put("stop", call.stop());
			request.put("include_stop_str_in_output", true);
		}
		if (call.continueFinalMessage()) {
			request.put("continue_final_message", true);
			request.put("add_generation_prompt", false);
		}
		if (endpoint.capabilities().logprobs()) {
			request.put("logprobs", true);
		}
		if (endpoint.requestTokenIds()) {
			// vLLM's and Gauntlet's engine's extension: the exact prompt and completion token ids. Not
			// return_tokens_as_token_ids: it adds no id that token_ids lacks, and it replaces the per-token texts that
			// thinking tokens are counted from with "token_id:N" placeholders (parsed when a server sends them anyway).
			request.put("return_token_ids", true);
		}
		request.putAll(call.extra());
		return request;
	}

	private ChatCompletion call(PolicyEndpoint endpoint, byte[] body, long deadline) {
		Semaphore permits = inFlight.computeIfAbsent(endpoint.key(), k -> new Semaphore(endpoint.maxInFlight(), true));
		HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.chatCompletions())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		String key = secret(endpoint);
		if (key != null) {
			builder.header("Authorization", "Bearer " + key);
		}
		HttpResponse<String> response;
		try {
			response = DeadlineCall.send(http, builder.build(), permits, settings.policyTimeout(), deadline,
					MAX_RESPONSE_BYTES);
		}
		catch (DeadlineCall.Failed ex) {
			throw switch (ex.failure()) {
				case DEADLINE_EXCEEDED -> deadlineExceeded();
				case CANCELLED -> new PolicyException("cancelled", "interrupted while calling the policy", false);
				case REPLY_TOO_LARGE -> malformed("response exceeds " + MAX_RESPONSE_BYTES + " bytes");
				case UNREACHABLE -> new PolicyException("policy_unreachable",
						"cannot connect to " + endpoint.baseUrl() + ": " + ex.getMessage(), true);
				case TIMEOUT -> new PolicyException("policy_timeout",
						"policy did not answer in full within " + settings.policyTimeout().toMillis() + " ms", true);
				case CONNECTION_FAILED -> new PolicyException("policy_connection_error",
						"connection to the policy failed: " + ex.getMessage(), true);
			};
		}
		String reply = response.body();
		int status = response.statusCode();
		if (status != 200) { // overload and server errors are worth retrying; other refusals are final
			throw new PolicyException("http_" + status,
					"policy answered HTTP " + status + ": " + ReplyText.excerpt(reply), status == 429 || status >= 500);
		}
		return parse(reply);
	}

	private static PolicyException deadlineExceeded() {
		return new PolicyException("rollout_deadline_exceeded", "the rollout ran out of its wall-clock deadline",
				false);
	}

	/** Reads the key a secret reference points to; the key is used for the header and nowhere else. */
	private static @Nullable String secret(PolicyEndpoint endpoint) {
		String ref = endpoint.secretRef();
		if (ref == null) {
			return null;
		}
		String value = System.getenv(ref.substring("env:".length()));
		if (value == null || value.isBlank()) {
			throw new PolicyException("policy_secret_missing",
					"the secret reference of endpoint " + endpoint.name() + " resolves to nothing", false);
		}
		return value;
	}

	static ChatCompletion parse(String body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw malformed("response is not JSON: " + ex.getOriginalMessage());
		}
		JsonNode choice = root.path("choices").path(0);
		JsonNode message = choice.path("message");
		if (!message.isObject()) {
			throw malformed("response has no choices[0].message");
		}
		JsonNode contentNode = message.path("content");
		if (!contentNode.isMissingNode() && !contentNode.isNull() && !contentNode.isString()) {
			throw malformed("choices[0].message.content is not a string");
		}
		String content = contentNode.isString() ? contentNode.asString() : null;
		ChatMessage assistant = ChatMessage.assistant(content, toolCalls(message.path("tool_calls")));
		String finish = choice.path("finish_reason").asString("stop");
		List<Integer> promptIds = intList(root.path("prompt_token_ids"));
		if (promptIds == null) {
			promptIds = intList(choice.path("prompt_token_ids"));
		}
		LogprobTokens tokens = LogprobTokens.parse(choice.path("logprobs").path("content"));
		List<Integer> completionIds = completionIds(choice.path("token_ids"), tokens);
		List<Double> logprobs = tokens == null ? null : tokens.logprobs();
		List<String> tokenTexts = tokens == null ? null : tokens.texts();
		JsonNode reasoning = message.has("reasoning_content") ? message.path("reasoning_content") : message.path("reasoning");
		String reasoningContent = reasoning.isString() ? reasoning.asString() : null;
		Long version = root.path("policy_version").isIntegralNumber() ? root.path("policy_version").asLong() : null;
		JsonNode usage = root.path("usage").path("completion_tokens");
		Integer usageTokens = usage.isIntegralNumber() && usage.canConvertToInt() && usage.asInt() >= 0 ? usage.asInt()
				: null;
		List<Boolean> forced = forcedMask(choice.path("forced_token_mask"), completionIds);
		return new ChatCompletion(assistant, finish, promptIds, completionIds, logprobs, tokenTexts, reasoningContent,
				version, usageTokens, forced);
	}

	/**
	 * The sampled token ids: {@code choices[0].token_ids} ({@code return_token_ids}), else the ids of the logprob
	 * entries when the server wrote {@code "token_id:N"} placeholders ({@code return_tokens_as_token_ids}). When
	 * both are there they must agree.
	 */
	private static @Nullable List<Integer> completionIds(JsonNode tokenIds, @Nullable LogprobTokens tokens) {
		List<Integer> ids = intList(tokenIds);
		List<Integer> placeholders = tokens == null ? null : tokens.ids();
		if (ids == null || placeholders == null) {
			return ids != null ? ids : placeholders;
		}
		if (!ids.equals(placeholders)) {
			throw malformed("token_ids disagree with the logprobs' token_id placeholders");
		}
		return ids;
	}

	/**
	 * Tool calls as the policy wrote them. Only the shape that cannot be answered at all (not an array of objects) is
	 * refused; a missing id is given one, a missing name or unreadable arguments are kept, so the episode can answer
	 * the call with an error message instead of failing.
	 */
	private static List<ChatMessage.ToolCall> toolCalls(JsonNode calls) {
		if (calls.isMissingNode() || calls.isNull()) {
			return List.of();
		}
		if (!calls.isArray()) {
			throw malformed("choices[0].message.tool_calls is not an array");
		}
		List<ChatMessage.ToolCall> result = new ArrayList<>();
		int index = 0;
		for (JsonNode call : calls) {
			if (!call.isObject()) {
				throw malformed("a tool call is not an object");
			}
			String id = call.path("id").asString("");
			if (id.isBlank()) {
				id = "call_" + index;
			}
			JsonNode function = call.path("function");
			String name = function.path("name").asString("");
			JsonNode arguments = function.path("arguments");
			String args = arguments.isString() ? arguments.asString()
					: arguments.isMissingNode() || arguments.isNull() ? "" : arguments.toString();
			result.add(new ChatMessage.ToolCall(id, name.isBlank() ? MISSING_TOOL_NAME : name, args));
			index++;
		}
		return result;
	}

	private static @Nullable List<Integer> intList(JsonNode node) {
		if (!node.isArray()) {
			return null;
		}
		List<Integer> ids = new ArrayList<>(node.size());
		for (JsonNode n : node) {
			if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
				throw malformed("token ids must be non-negative integers");
			}
			ids.add(n.asInt());
		}
		return ids;
	}

	/**
	 * The server's per-token forced flags (0 or 1), which must line up with the completion ids: a forced token that
	 * were taken for a sampled one would be trained on.
	 */
	private static @Nullable List<Boolean> forcedMask(JsonNode mask, @Nullable List<Integer> completionIds) {
		if (!mask.isArray()) {
			return null;
		}
		if (completionIds == null || mask.size() != completionIds.size()) {
			throw malformed("forced_token_mask has " + mask.size() + " entries for "
					+ (completionIds == null ? "no" : completionIds.size()) + " completion token ids");
		}
		List<Boolean> forced = new ArrayList<>(mask.size());
		for (JsonNode flag : mask) {
			if (!flag.isIntegralNumber() || (flag.asInt() != 0 && flag.asInt() != 1)) {
				throw malformed("forced_token_mask entries must be 0 or 1");
			}
			forced.add(flag.asInt() == 1);
		}
		return forced;
	}

	private static PolicyException malformed(String message) {
		return PolicyException.malformed(message);
	}

	private void backoff(int attempt, long deadline) {
		long base = settings.retryBackoff().toMillis() << (attempt - 1);
		long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
		if (System.nanoTime() + jittered * 1_000_000 >= deadline) {
			throw deadlineExceeded();
		}
		try {
			Thread.sleep(jittered);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PolicyException("cancelled", "interrupted while retrying", false);
		}
	}

}
