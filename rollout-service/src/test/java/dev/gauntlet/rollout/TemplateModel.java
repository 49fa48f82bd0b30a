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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gauntlet.testing.HeadersThenStall;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-protocol test double that behaves like vLLM serving a chat model: it renders the conversation with a
 * chat template, tokenizes it (one token per character: id = the character's code), and returns
 * {@code prompt_token_ids}, {@code token_ids} and logprobs for what it "samples". What it samples is scripted per
 * request as text; tool calls are written in the text as {@code <tool_call>{"name":..,"arguments":..}</tool_call>}
 * and parsed out into {@code tool_calls}, as vLLM's tool parsers do. {@code max_tokens}, {@code stop} and
 * {@code continue_final_message} behave as on vLLM, so token-level continuation can be checked for real. It also
 * counts, per requested model, the requests in flight and their peak, and the stalled replies the client hung up on.
 */
public final class TemplateModel implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Asked for this model (or one whose name starts with it), the double reports no policy version, as most servers do. */
	static final String UNVERSIONED = "unversioned";

	private static final Pattern TOOL_CALL = Pattern.compile("<tool_call>(.*?)</tool_call>", Pattern.DOTALL);

	private final HttpServer server;

	final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Traffic> traffic = new ConcurrentHashMap<>();

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

	/** The requests for {@code model}: how many, how many at once. */
	Traffic traffic(String model) {
		return traffic.computeIfAbsent(model, m -> new Traffic());
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
			Traffic counted = traffic(request.path("model").asString(""));
			counted.entered();
			try {
				answer(exchange, script.apply(request), counted);
			}
			finally {
				counted.left();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void answer(HttpExchange exchange, Reply reply, Traffic counted)
			throws IOException, InterruptedException {
		byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
		if (reply.delivery() == Delivery.HEADERS_THEN_STALL) {
			if (HeadersThenStall.serve(exchange, reply.delayMillis(), body)) {
				counted.hungUp.incrementAndGet();
			}
			return;
		}
		if (reply.delayMillis() > 0) {
			Thread.sleep(reply.delayMillis());
		}
		if (reply.delivery() == Delivery.DROP) {
			return;
		}
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(reply.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

	/** Counts the requests for one model. */
	static final class Traffic {

		private final AtomicInteger arrived = new AtomicInteger();

		private final AtomicInteger open = new AtomicInteger();

		private final AtomicInteger peak = new AtomicInteger();

		private final AtomicInteger hungUp = new AtomicInteger();

		private void entered() {
			arrived.incrementAndGet();
			peak.accumulateAndGet(open.incrementAndGet(), Math::max);
		}

		private void left() {
			open.decrementAndGet();
		}

		/** Requests received so far. */
		int arrived() {
			return arrived.get();
		}

		/** Requests being answered now. */
		int open() {
			return open.get();
		}

		/** The most requests ever answered at once. */
		int peak() {
			return peak.get();
		}

		/** Stalled replies that ended because the client closed the connection. */
		int hungUp() {
			return hungUp.get();
		}

	}

	/** How a reply is delivered. */
	enum Delivery {

		/** Headers and body after the delay. */
		WHOLE,
		/** The connection is closed after the delay, without an answer. */
		DROP,
		/** Headers at once, then a stall for the delay (see {@link HeadersThenStall}), then the body. */
		HEADERS_THEN_STALL

	}

	/** What the double answers. */
	public record Reply(int status, String body, long delayMillis, Delivery delivery) {

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
			if (!request.path("model").asString("").startsWith(UNVERSIONED)) {
				body.put("policy_version", 3);
			}
			return raw(JSON.writeValueAsString(body));
		}

		/** The same reply after {@code millis}. */
		public Reply after(long millis) {
			return new Reply(status, body, millis, delivery);
		}

		/** The same reply reporting another policy version. */
		Reply withPolicyVersion(long version) {
			return edit(root -> root.put("policy_version", version));
		}

		/** The same reply with token ids but no logprobs, as a server that was not asked for them. */
		Reply withoutLogprobs() {
			return edit(root -> ((ObjectNode) root.path("choices").get(0)).remove("logprobs"));
		}

		/**
		 * The same reply as vLLM writes it under {@code return_tokens_as_token_ids}: each logprob entry's token is
		 * {@code "token_id:N"} instead of its text, and the completion's ids are there and nowhere else (no
		 * {@code token_ids}); the prompt's ids stay.
		 */
		Reply withTokenIdPlaceholders() {
			return edit(root -> {
				ObjectNode choice = (ObjectNode) root.path("choices").get(0);
				JsonNode ids = choice.remove("token_ids");
				ArrayNode entries = (ArrayNode) choice.path("logprobs").path("content");
				for (int i = 0; i < entries.size(); i++) {
					((ObjectNode) entries.get(i)).put("token", "token_id:" + ids.get(i).asInt());
				}
			});
		}

		private Reply edit(Consumer<ObjectNode> change) {
			ObjectNode root = (ObjectNode) JSON.readTree(body);
			change.accept(root);
			return new Reply(status, JSON.writeValueAsString(root), delayMillis, delivery);
		}

		static Reply status(int status) {
			return new Reply(status, "{\"error\":{\"message\":\"scripted " + status + "\"}}", 0, Delivery.WHOLE);
		}

		static Reply raw(String body) {
			return new Reply(200, body, 0, Delivery.WHOLE);
		}

		/** Nothing, not even headers, for {@code millis}. */
		static Reply hang(long millis) {
			return new Reply(200, "{}", millis, Delivery.WHOLE);
		}

		/** Headers at once, then no body for {@code millis}. */
		static Reply headersThenStall(long millis) {
			return new Reply(200, "{}", millis, Delivery.HEADERS_THEN_STALL);
		}

		static Reply drop() {
			return new Reply(0, "", 0, Delivery.DROP);
		}

	}

}
