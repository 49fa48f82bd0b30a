package dev.gauntlet.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for a policy model: a real HTTP server speaking the OpenAI Chat Completions protocol on loopback,
 * with the token-id extensions of vLLM and Gauntlet's engine. Tests script its behaviour per request.
 */
public final class OpenAiStub implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final AtomicInteger calls = new AtomicInteger();

	private volatile Function<JsonNode, Reply> behaviour;

	private OpenAiStub(Function<JsonNode, Reply> behaviour) throws IOException {
		this.behaviour = behaviour;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/v1/chat/completions", this::handle);
		server.start();
	}

	/** Starts a stub that answers every request with {@code behaviour(request)}. */
	public static OpenAiStub start(Function<JsonNode, Reply> behaviour) {
		try {
			return new OpenAiStub(behaviour);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
	}

	public int calls() {
		return calls.get();
	}

	public void behave(Function<JsonNode, Reply> behaviour) {
		this.behaviour = behaviour;
	}

	private void handle(HttpExchange exchange) throws IOException {
		calls.incrementAndGet();
		try (exchange) {
			JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
			Reply reply = behaviour.apply(request);
			if (reply.delayMillis() > 0) {
				Thread.sleep(reply.delayMillis());
			}
			if (reply.dropConnection()) {
				return; // closing without a response: the client sees the connection reset
			}
			byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(reply.status(), body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The last user message of a request: what the policy is being asked. */
	public static String lastUserMessage(JsonNode request) {
		String text = "";
		for (JsonNode m : request.path("messages")) {
			if (m.path("role").asString("").equals("user")) {
				text = m.path("content").asString("");
			}
		}
		return text;
	}

	@Override
	public void close() {
		server.stop(0);
	}

	/** What the stub answers: a status and body, after an optional delay, or a dropped connection. */
	public record Reply(int status, String body, long delayMillis, boolean dropConnection) {

		/**
		 * A successful completion whose prompt and completion token ids are made up but consistent: one id per
		 * character of the prompt's text, one per character of the answer, logprob -0.5 each.
		 */
		public static Reply answer(JsonNode request, String content) {
			int promptLength = 0;
			for (JsonNode m : request.path("messages")) {
				promptLength += m.path("content").asString("").length();
			}
			List<Integer> prompt = new ArrayList<>();
			for (int i = 0; i < Math.max(1, promptLength); i++) {
				prompt.add(i % 1000);
			}
			List<Integer> completion = new ArrayList<>();
			List<Map<String, Object>> logprobs = new ArrayList<>();
			for (int i = 0; i < content.length(); i++) {
				completion.add(content.charAt(i) % 256);
				logprobs.add(Map.of("token", String.valueOf(content.charAt(i)), "logprob", -0.5));
			}
			Map<String, Object> choice = new LinkedHashMap<>();
			choice.put("index", 0);
			choice.put("message", Map.of("role", "assistant", "content", content));
			choice.put("finish_reason", "stop");
			choice.put("token_ids", completion);
			choice.put("logprobs", Map.of("content", logprobs));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("id", "chatcmpl-stub");
			body.put("object", "chat.completion");
			body.put("model", request.path("model").asString("stub"));
			body.put("choices", List.of(choice));
			body.put("prompt_token_ids", prompt);
			body.put("policy_version", 0);
			return new Reply(200, JSON.writeValueAsString(body), 0, false);
		}

		public static Reply status(int status, String body) {
			return new Reply(status, body, 0, false);
		}

		public static Reply hang(long millis) {
			return new Reply(200, "{}", millis, false);
		}

		public static Reply drop() {
			return new Reply(0, "", 0, true);
		}

	}

}
