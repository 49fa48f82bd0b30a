package dev.gauntlet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that answers each request, on any path, with the next answer of its script; the
 * last answer repeats. Tests use it to stand for another server that misbehaves: errors, stalls, oversized or
 * malformed replies.
 */
public final class ScriptedServer implements AutoCloseable {

	/** How one request is answered. */
	@FunctionalInterface
	public interface Answer {

		void answer(HttpExchange exchange) throws IOException, InterruptedException;

	}

	private final HttpServer server;

	private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger hungUp = new AtomicInteger();

	private ScriptedServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/", this::handle);
		server.start();
	}

	public static ScriptedServer start() {
		try {
			return new ScriptedServer();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Appends an answer to the script. */
	public ScriptedServer then(Answer answer) {
		script.add(answer);
		return this;
	}

	/** Forgets the script, and what was counted. */
	public void reset() {
		script.clear();
		calls.set(0);
		hungUp.set(0);
	}

	public URI uri() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

	/** Requests received so far. */
	public int calls() {
		return calls.get();
	}

	/** Stalled replies whose client hung up before the stall ended. */
	public int hungUp() {
		return hungUp.get();
	}

	/** A whole reply with this status and body. */
	public static Answer reply(int status, String body) {
		return exchange -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		};
	}

	/** 200 and its headers at once, then a stall of {@code millis} (see {@link HeadersThenStall}), then {@code {}}. */
	public Answer headersThenStall(long millis) {
		return exchange -> {
			if (HeadersThenStall.serve(exchange, millis, "{}".getBytes(StandardCharsets.UTF_8))) {
				hungUp.incrementAndGet();
			}
		};
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			calls.incrementAndGet();
			Answer answer = script.size() > 1 ? script.poll() : script.peek();
			if (answer == null) {
				exchange.sendResponseHeaders(500, -1);
				return;
			}
			answer.answer(exchange);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
