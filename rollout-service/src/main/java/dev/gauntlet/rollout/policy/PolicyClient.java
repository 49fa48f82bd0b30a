package dev.gauntlet.rollout.policy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.openai.OpenAiMessage;
import dev.gauntlet.rollout.system.RolloutSettings;
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

	/** A policy answer larger than this is refused: no sane completion is this big. */
	static final int MAX_RESPONSE_CHARS = 32 * 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final RolloutSettings settings;

	private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();

	public PolicyClient(HttpClient outboundHttpClient, RolloutSettings settings) {
		this.http = outboundHttpClient;
		this.settings = settings;
	}

	public ChatCompletion complete(PolicyEndpoint endpoint, List<ChatMessage> messages, SamplingParams sampling) {
		byte[] body = JSON.writeValueAsBytes(requestBody(endpoint, messages, sampling));
		PolicyException last = null;
		for (int attempt = 0; attempt <= settings.policyRetries(); attempt++) {
			if (attempt > 0) {
				backoff(attempt);
			}
			try {
				return call(endpoint, body);
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

	private Map<String, Object> requestBody(PolicyEndpoint endpoint, List<ChatMessage> messages,
			SamplingParams sampling) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("model", endpoint.model());
		request.put("messages", OpenAiMessage.from(messages));
		request.put("temperature", sampling.temperature());
		request.put("top_p", sampling.topP());
		request.put("max_tokens", sampling.maxTokens());
		if (sampling.seed() != null) {
			request.put("seed", sampling.seed());
		}
		if (endpoint.requestTokenIds()) {
			request.put("logprobs", true);
			// vLLM's and Gauntlet's engine's extension: the exact prompt and completion token ids.
			request.put("return_token_ids", true);
		}
		return request;
	}

	private ChatCompletion call(PolicyEndpoint endpoint, byte[] body) {
		Semaphore permits = inFlight.computeIfAbsent(endpoint.key(),
				k -> new Semaphore(settings.maxInFlightPerEndpoint(), true));
		try {
			permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PolicyException("cancelled", "interrupted while waiting for the policy endpoint", false);
		}
		try {
			HttpRequest request = HttpRequest.newBuilder(endpoint.chatCompletions())
				.timeout(settings.policyTimeout())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			int status = response.statusCode();
			if (status == 429 || status >= 500) {
				throw new PolicyException("http_" + status, "policy answered HTTP " + status + ": "
						+ abbreviate(response.body()), true);
			}
			if (status != 200) {
				throw new PolicyException("http_" + status, "policy answered HTTP " + status + ": "
						+ abbreviate(response.body()), false);
			}
			return parse(response.body());
		}
		catch (HttpTimeoutException ex) {
			throw new PolicyException("policy_timeout",
					"policy did not answer within " + settings.policyTimeout().toMillis() + " ms", true);
		}
		catch (ConnectException ex) {
			throw new PolicyException("policy_unreachable", "cannot connect to " + endpoint.baseUrl(), true);
		}
		catch (IOException ex) {
			throw new PolicyException("policy_connection_error", "connection to the policy failed: " + ex, true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PolicyException("cancelled", "interrupted while calling the policy", false);
		}
		finally {
			permits.release();
		}
	}

	static ChatCompletion parse(String body) {
		if (body.length() > MAX_RESPONSE_CHARS) {
			throw malformed("response of " + body.length() + " characters exceeds the limit");
		}
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
		ChatMessage assistant;
		try {
			OpenAiMessage wire = JSON.treeToValue(message, OpenAiMessage.class);
			assistant = new OpenAiMessage("assistant", wire.content(), wire.toolCalls(), null, null).toChat();
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw malformed("choices[0].message is invalid: " + ex.getMessage());
		}
		String finish = choice.path("finish_reason").asString("stop");
		List<Integer> promptIds = intList(root.path("prompt_token_ids"));
		if (promptIds == null) {
			promptIds = intList(choice.path("prompt_token_ids"));
		}
		List<Integer> completionIds = intList(choice.path("token_ids"));
		List<Double> logprobs = logprobs(choice.path("logprobs").path("content"));
		Long version = root.path("policy_version").isIntegralNumber() ? root.path("policy_version").asLong() : null;
		return new ChatCompletion(assistant, finish, promptIds, completionIds, logprobs, version);
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

	private static @Nullable List<Double> logprobs(JsonNode content) {
		if (!content.isArray()) {
			return null;
		}
		List<Double> values = new ArrayList<>(content.size());
		for (JsonNode entry : content) {
			JsonNode lp = entry.path("logprob");
			if (!lp.isNumber() || !Double.isFinite(lp.asDouble()) || lp.asDouble() > 0) {
				throw malformed("logprobs must be finite numbers no greater than 0");
			}
			values.add(lp.asDouble());
		}
		return values;
	}

	private static PolicyException malformed(String message) {
		return new PolicyException("policy_malformed_response", message, false);
	}

	private void backoff(int attempt) {
		long base = settings.retryBackoff().toMillis() << (attempt - 1);
		long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
		try {
			Thread.sleep(jittered);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PolicyException("cancelled", "interrupted while retrying", false);
		}
	}

	private static String abbreviate(String text) {
		return text.length() <= 300 ? text : text.substring(0, 300) + "…";
	}

}
