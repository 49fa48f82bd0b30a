package dev.gauntlet.rollout;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gauntlet.testing.HeadersThenStall;
import tools.jackson.databind.JsonNode;

/**
 * A test-only multi-turn tool environment, "desk", served over the environment protocol exactly as
 * environment-service serves one: task selection, {@code seed_session}, and two tools: {@code lookup(user)} and
 * {@code reset_password(user, notify)}. An unknown user is a tool error ({@code error: true}).
 */
public final class DeskEnvironment implements AutoCloseable {

	static final String VERSION = "1.0.0";

	static final List<String> TASKS = List.of("desk-1", "desk-2", "desk-3", "desk-4");

	static final String TOOLS = """
			[{"type":"function","function":{"name":"lookup","description":"Find a user's ticket",
			  "parameters":{"type":"object","properties":{"user":{"type":"string"}},"required":["user"],
			  "additionalProperties":false}}},
			 {"type":"function","function":{"name":"reset_password","description":"Reset a password",
			  "parameters":{"type":"object","properties":{"user":{"type":"string"},"notify":{"type":"boolean"}},
			  "required":["user","notify"]}}}]
			""";

	private final HttpServer server;

	final List<JsonNode> toolCalls = new CopyOnWriteArrayList<>();

	final AtomicInteger seeds = new AtomicInteger();

	volatile boolean toolsDown;

	/** When above 0, tool calls answer with headers, then stall this long (see {@link HeadersThenStall}). */
	volatile long toolsStallMillis;

	/** When set, tool calls answer 200 with a body that is not JSON. */
	volatile boolean toolsGarbled;

	/** When set, tool calls answer 200 with well-formed JSON of 33 MiB, streamed without a length. */
	volatile boolean toolsOversized;

		/** Stalled tool calls the client hung up on. */
	final AtomicInteger toolHangUps = new AtomicInteger();

	private DeskEnvironment() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/", this::handle);
		server.start();
	}

	public static DeskEnvironment start() {
		try {
			return new DeskEnvironment();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			// Like environment-service, the protocol routes answer to "desk" and to the pinned "desk@<version>".
			String path = exchange.getRequestURI().getPath().replaceFirst("^/environments/desk@[^/]+/", "/environments/desk/");
			if (path.equals("/v1/environments/desk/tasks")) {
				String query = exchange.getRequestURI().getQuery();
				List<String> ids = query.contains("ids=") ? java.util.Arrays.stream(query.split("&"))
					.filter(p -> p.startsWith("ids="))
					.map(p -> p.substring(4))
					.toList() : java.util.stream.IntStream.rangeClosed(1, Integer.parseInt(query.replaceAll(".*count=(\\d+).*", "$1")))
						.mapToObj(i -> "desk-" + i)
						.toList();
				reply(exchange, 200, Map.of("environment", "desk@" + VERSION, "taskIds", ids));
				return;
			}
			if (path.startsWith("/v1/environments/")) {
				reply(exchange, 404, Map.of("detail", "no environment"));
				return;
			}
			JsonNode body = TemplateModel.JSON.readTree(exchange.getRequestBody().readAllBytes());
			if (path.equals("/environments/desk/seed_session")) {
				seeds.incrementAndGet();
				String task = body.path("task_id").asString();
				reply(exchange, 200, Map.of("session_id", body.path("session_id").asString(), "environment",
						"desk@" + VERSION, "messages",
						List.of(Map.of("role", "system", "content", "You are an IT desk agent."),
								Map.of("role", "user", "content", "Ticket " + task + ": alice cannot log in.")),
						"tools", TemplateModel.JSON.readTree(TOOLS)));
				return;
			}
			if (path.startsWith("/environments/desk/tools/")) {
				if (toolsDown) {
					reply(exchange, 503, Map.of("detail", "down"));
					return;
				}
				toolCalls.add(body);
				if (toolsGarbled) {
					byte[] garbled = "<html>proxy error</html>".getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(200, garbled.length);
					exchange.getResponseBody().write(garbled);
					return;
				}
				if (toolsOversized) {
					streamOversized(exchange);
					return;
				}
				if (toolsStallMillis > 0) {
					stall(exchange);
					return;
				}
				String tool = path.substring("/environments/desk/tools/".length());
				String user = body.path("arguments").path("user").asString("");
				if (!user.equals("alice")) {
					reply(exchange, 200, Map.of("content", "no user named '" + user + "'", "error", true));
				}
				else if (tool.equals("lookup")) {
					reply(exchange, 200, Map.of("content", "alice: locked out after 5 attempts", "error", false));
				}
				else {
					reply(exchange, 200, Map.of("content", "password reset for alice", "error", false));
				}
				return;
			}
			reply(exchange, 404, Map.of("detail", "not found"));
		}
	}

	/** The reply the client must refuse while reading, before it holds 32 MiB; it may hang up part way. */
	private static void streamOversized(HttpExchange exchange) throws IOException {
		byte[] mebibyte = "x".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
		exchange.sendResponseHeaders(200, 0);
		try (var out = exchange.getResponseBody()) {
			out.write("{\"content\":\"".getBytes(StandardCharsets.US_ASCII));
			for (int i = 0; i < 33; i++) {
				out.write(mebibyte);
			}
			out.write("\"}".getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException hungUp) {
			// expected: the client stops reading at its limit
		}
	}

	private void stall(HttpExchange exchange) {
		try {
			if (HeadersThenStall.serve(exchange, toolsStallMillis, "{\"content\":\"late\"}".getBytes(StandardCharsets.UTF_8))) {
				toolHangUps.incrementAndGet();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = TemplateModel.JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
