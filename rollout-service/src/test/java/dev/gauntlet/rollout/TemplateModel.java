package dev.gauntlet.rollout;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-protocol test double that behaves like vLLM serving a chat model: it renders the conversation with a
 * chat template, tokenizes it (one token per character: id = the character's code), and returns
 * {@code prompt_token_ids}, {@code token_ids} and logprobs for what it "samples". What it samples is scripted per
 * request as text; tool calls are written in the text as {@code <tool_call>{"name":..,"arguments":..}</tool_call>}
 * and parsed out into {@code tool_calls}, as vLLM's tool parsers do. {@code max_tokens}, {@code stop} and
 * {@code continue_final_message} behave as on vLLM, so token-level continuation can be checked for real.
 */
public final class TemplateModel implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Asked for this model, the double reports no policy version, as most servers do. */
	static final String UNVERSIONED = "unversioned";

	private static final Pattern TOOL_CALL = Pattern.compile("<tool_call>(.*?)</tool_call>", Pattern.DOTALL);

	private final HttpServer server;

	final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	private volatile Function<JsonNode, Reply> script;

	private TemplateModel(Function<JsonNode, Reply> script) throws IOException {
		this.script = script;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/v1/chat/completions", this::handle);
		server.start();
	}

	public static TemplateModel start(Function<JsonNode, Reply> script) {
		try {
			return new TemplateModel(script);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
	}

	void script(Function<JsonNode, Reply> script) {
		this.script = script;
	}

	/** The chat template: every message framed by role tags; the last assistant message left open to continue. */
	static String render(JsonNode request) {
		StringBuilder text = new StringBuilder();
		JsonNode messages = request.path("messages");
		boolean continueFinal = request.path("continue_final_message").asBoolean(false);
		for (int i = 0; i < messages.size(); i++) {
			JsonNode m = messages.get(i);
			text.append("<|").append(m.path("role").asString()).append("|>");
			text.append(m.path("content").asString(""));
			for (JsonNode call : m.path("tool_calls")) {
				text.append("<tool_call>{\"name\":\"").append(call.path("function").path("name").asString())
					.append("\",\"arguments\":").append(call.path("function").path("arguments").asString())
					.append("}</tool_call>");
			}
			boolean open = continueFinal && i == messages.size() - 1;
			if (!open) {
				text.append("<|end|>");
			}
		}
		if (!continueFinal) {
			text.append("<|assistant|>");
		}
		return text.toString();
	}

	static List<Integer> tokenize(String text) {
		return text.chars().boxed().toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
			requests.add(request);
			Reply reply = script.apply(request);
			if (reply.delayMillis() > 0) {
				Thread.sleep(reply.delayMillis());
			}
			if (reply.dropConnection()) {
				return;
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

	@Override
	public void close() {
		server.stop(0);
	}

	/** What the double answers. */
	public record Reply(int status, String body, long delayMillis, boolean dropConnection) {

		/** Samples {@code text} under the request's {@code max_tokens} and {@code stop}, with token ids. */
		public static Reply sample(JsonNode request, String text) {
			return sample(request, text, true);
		}

		public static Reply sample(JsonNode request, String text, boolean tokenIds) {
			String finish = "stop";
			for (JsonNode stop : request.path("stop")) {
				int at = text.indexOf(stop.asString());
				if (at >= 0) {
					text = text.substring(0, at + stop.asString().length());
				}
			}
			int max = request.path("max_tokens").asInt(Integer.MAX_VALUE);
			if (text.length() > max) {
				text = text.substring(0, max);
				finish = "length";
			}
			List<Map<String, Object>> calls = new ArrayList<>();
			Matcher m = TOOL_CALL.matcher(text);
			String content = text;
			if (!"length".equals(finish) && m.find()) {
				content = text.substring(0, m.start());
				m.reset();
				int i = 0;
				while (m.find()) {
					JsonNode call = JSON.readTree(m.group(1));
					String arguments = call.path("arguments").isString() ? call.path("arguments").asString()
							: call.path("arguments").toString();
					calls.add(Map.of("id", "call_" + i++, "type", "function", "function",
							Map.of("name", call.path("name").asString(), "arguments", arguments)));
				}
				finish = "tool_calls";
			}
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("role", "assistant");
			message.put("content", content);
			if (!calls.isEmpty()) {
				message.put("tool_calls", calls);
			}
			Map<String, Object> choice = new LinkedHashMap<>();
			choice.put("index", 0);
			choice.put("message", message);
			choice.put("finish_reason", finish);
			List<Map<String, Object>> logprobs = new ArrayList<>();
			for (char c : text.toCharArray()) {
				logprobs.add(Map.of("token", String.valueOf(c), "logprob", -0.25));
			}
			choice.put("logprobs", Map.of("content", logprobs));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("id", "chatcmpl-double");
			body.put("object", "chat.completion");
			body.put("choices", List.of(choice));
			body.put("usage", Map.of("completion_tokens", text.length()));
			if (tokenIds) {
				choice.put("token_ids", tokenize(text));
				body.put("prompt_token_ids", tokenize(render(request)));
			}
			else {
				choice.remove("logprobs");
			}
			if (!request.path("model").asString("").equals(UNVERSIONED)) {
				body.put("policy_version", 3);
			}
			return new Reply(200, JSON.writeValueAsString(body), 0, false);
		}

		/** The same reply after {@code millis}. */
		public Reply after(long millis) {
			return new Reply(status, body, millis, dropConnection);
		}

		static Reply status(int status) {
			return new Reply(status, "{\"error\":{\"message\":\"scripted " + status + "\"}}", 0, false);
		}

		static Reply raw(String body) {
			return new Reply(200, body, 0, false);
		}

		static Reply hang(long millis) {
			return new Reply(200, "{}", millis, false);
		}

		static Reply drop() {
			return new Reply(0, "", 0, true);
		}

	}

}
