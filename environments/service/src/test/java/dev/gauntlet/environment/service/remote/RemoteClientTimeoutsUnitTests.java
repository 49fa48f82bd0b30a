package dev.gauntlet.environment.service.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * RemoteClient's run-time guards against a misbehaving remote on loopback (the JDK's HTTP server): the request time
 * limit (reply included), the reply size cap, retries of idempotent calls, tool calls that must reach the remote at
 * most once, and the circuit breaker.
 * The remote counts the requests it receives, so "not retried" and "fails fast" are seen from its side.
 */
class RemoteClientTimeoutsUnitTests {

	static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);

	/** Scheduling slack on a loaded two-core machine; still far below what a missing time limit would take. */
	static final long MARGIN_MILLIS = 1_500;

	static final int RETRIES = 2;

	static final int BREAKER_THRESHOLD = 3;

	private HttpServer server;

	private ExecutorService handlers;

	/** Held shut while the test runs: a stalling handler waits on it, and is let go at the end. */
	private final CountDownLatch release = new CountDownLatch(1);

	private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	/** How many of the next requests to {@code /flaky} answer 503. */
	private final AtomicInteger unavailable = new AtomicInteger();

	private String url;

	@BeforeEach
	void startRemote() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		handlers = Executors.newCachedThreadPool();
		server.setExecutor(handlers);
		server.createContext("/", this::handle);
		server.start();
		url = "http://127.0.0.1:" + server.getAddress().getPort();
	}

	@AfterEach
	void stopRemote() {
		release.countDown();
		server.stop(0);
		handlers.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
		exchange.getRequestBody().readAllBytes();
		switch (path) {
			case "/stall", "/tools/stall" -> stall();
			case "/headers-then-stall" -> {
				exchange.sendResponseHeaders(200, 0);
				exchange.getResponseBody().flush();
				stall();
			}
			case "/flaky" -> reply(exchange, unavailable.getAndDecrement() > 0 ? 503 : 200, "{\"ok\": true}");
			case "/tools/busy" -> reply(exchange, 503, "{\"detail\": \"busy\"}");
			case "/broken" -> reply(exchange, 500, "{\"detail\": \"broken\"}");
			case "/huge" -> reply(exchange, 200, "{\"pad\": \"" + "x".repeat(100_000) + "\"}");
			default -> reply(exchange, 200, "{\"ok\": true}");
		}
		exchange.close();
	}

	private void stall() {
		try {
			release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void reply(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private int hits(String path) {
		return hits.getOrDefault(path, new AtomicInteger()).get();
	}

	private static RemoteClient client(int retries) {
		RemoteSettings settings = new RemoteSettings(List.of(), List.of("127.0.0.1/32"), Duration.ofSeconds(1),
				REQUEST_TIMEOUT, retries, Duration.ofMillis(10), BREAKER_THRESHOLD, Duration.ofSeconds(60),
				DataSize.ofKilobytes(64));
		return new RemoteClient(settings, new Allowlist(settings));
	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	@Test
	void aRemoteThatNeverAnswersTimesOutWithinTheRequestTimeoutSayingSo() {
		RemoteClient client = client(0);
		long start = System.nanoTime();
		assertThatThrownBy(() -> client.get(url, "/stall", RemoteClient.Mode.PROBE))
			.isInstanceOf(RemoteException.class)
			.hasMessage("/stall: no reply within " + REQUEST_TIMEOUT.toMillis() + " ms");
		assertThat(millisSince(start)).isBetween(REQUEST_TIMEOUT.toMillis(), REQUEST_TIMEOUT.toMillis() + MARGIN_MILLIS);
	}

	@Test
	void anIdempotentCallThatTimesOutIsTriedRetriesMoreTimesAndStaysWithinItsBudget() {
		RemoteClient client = client(RETRIES);
		long start = System.nanoTime();
		assertThatThrownBy(() -> client.get(url, "/stall", RemoteClient.Mode.IDEMPOTENT))
			.hasMessageContaining("no reply within");
		assertThat(hits("/stall")).isEqualTo(1 + RETRIES);
		long budget = (1 + RETRIES) * REQUEST_TIMEOUT.toMillis() + 10 + 20;
		assertThat(millisSince(start)).isBetween((1 + RETRIES) * REQUEST_TIMEOUT.toMillis(), budget + MARGIN_MILLIS);
	}

	/** The JDK's request time limit ends when the headers arrive; a body that never comes must not hang the call. */
	@Test
	void aRemoteThatSendsItsHeadersThenStallsAlsoTimesOut() {
		RemoteClient client = client(0);
		assertTimeoutPreemptively(Duration.ofMillis(REQUEST_TIMEOUT.toMillis() + MARGIN_MILLIS),
				() -> assertThatThrownBy(() -> client.get(url, "/headers-then-stall", RemoteClient.Mode.PROBE))
					.isInstanceOf(RemoteException.class)
					.hasMessageContaining("/headers-then-stall")
					.hasMessageContaining("within " + REQUEST_TIMEOUT.toMillis() + " ms"));
	}

	@Test
	void aReplyLargerThanTheCapIsRefusedAndNotRetried() {
		assertThatThrownBy(() -> client(RETRIES).get(url, "/huge", RemoteClient.Mode.IDEMPOTENT))
			.hasMessage("/huge: reply exceeds " + DataSize.ofKilobytes(64).toBytes() + " bytes");
		assertThat(hits("/huge")).isEqualTo(1);
	}

	@Test
	void anIdempotentCallAnswered503IsRetriedUntilItSucceeds() {
		unavailable.set(RETRIES);
		assertThat(client(RETRIES).get(url, "/flaky", RemoteClient.Mode.IDEMPOTENT).path("ok").asBoolean()).isTrue();
		assertThat(hits("/flaky")).as("one attempt and %d retries", RETRIES).isEqualTo(1 + RETRIES);
	}

	@Test
	void anIdempotentCallStill503AfterItsRetriesFailsWithTheStatus() {
		unavailable.set(RETRIES + 1);
		assertThatThrownBy(() -> client(RETRIES).get(url, "/flaky", RemoteClient.Mode.IDEMPOTENT))
			.hasMessageContaining("/flaky answered HTTP 503");
		assertThat(hits("/flaky")).isEqualTo(1 + RETRIES);
	}

	@Test
	void aToolCallWithoutAReplyInTimeIsNotRepeated() {
		assertThatThrownBy(() -> client(RETRIES).post(url, "/tools/stall", Map.of("expression", "1+1"),
				RemoteClient.Mode.ONCE))
			.hasMessageContaining("/tools/stall: no reply within");
		assertThat(hits("/tools/stall")).as("a tool may have acted already: never call it twice").isEqualTo(1);
	}

	@Test
	void aToolCallAnswered503IsNotRepeatedEither() {
		assertThatThrownBy(() -> client(RETRIES).post(url, "/tools/busy", Map.of(), RemoteClient.Mode.ONCE))
			.hasMessageContaining("HTTP 503");
		assertThat(hits("/tools/busy")).isEqualTo(1);
	}

	@Test
	void afterTheThresholdOfFailuresTheBreakerOpensAndCallsFailFastWithoutReachingTheRemote() {
		RemoteClient client = client(0);
		for (int i = 0; i < BREAKER_THRESHOLD; i++) {
			assertThatThrownBy(() -> client.get(url, "/stall", RemoteClient.Mode.IDEMPOTENT))
				.hasMessageContaining("no reply within");
		}
		assertThat(hits("/stall")).isEqualTo(BREAKER_THRESHOLD);

		long start = System.nanoTime();
		assertThatThrownBy(() -> client.get(url, "/stall", RemoteClient.Mode.IDEMPOTENT))
			.hasMessageContaining("circuit open for " + url + " after " + BREAKER_THRESHOLD + " consecutive failures");
		assertThatThrownBy(() -> client.post(url, "/tools/stall", Map.of(), RemoteClient.Mode.ONCE))
			.hasMessageContaining("circuit open");
		assertThat(millisSince(start)).as("no time limit waited out").isLessThan(REQUEST_TIMEOUT.toMillis());
		assertThat(hits("/stall") + hits("/tools/stall")).as("requests that reached the remote")
			.isEqualTo(BREAKER_THRESHOLD);

		// A registration probe is about this very call, so an open breaker does not stand in its way.
		assertThat(client.get(url, "/health", RemoteClient.Mode.PROBE).path("ok").asBoolean()).isTrue();
	}

	@Test
	void aSuccessResetsTheCountOfConsecutiveFailures() {
		RemoteClient client = client(0);
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < BREAKER_THRESHOLD - 1; i++) {
				assertThatThrownBy(() -> client.get(url, "/broken", RemoteClient.Mode.IDEMPOTENT))
					.hasMessageContaining("HTTP 500");
			}
			assertThat(client.get(url, "/health", RemoteClient.Mode.IDEMPOTENT).path("ok").asBoolean()).isTrue();
		}
		assertThat(hits("/broken")).isEqualTo(2 * (BREAKER_THRESHOLD - 1));
	}

}
