package dev.gauntlet.admin.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import dev.gauntlet.testing.HeadersThenStall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** A service that stalls after its headers cannot hold a page: the call ends within its limit and says why. */
@Timeout(20)
class ServiceClientUnitTests {

	HttpServer server;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/stall", exchange -> {
			try (exchange) {
				HeadersThenStall.serve(exchange, 30_000, "{}".getBytes());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		server.createContext("/ok", exchange -> {
			try (exchange) {
				byte[] body = "{\"items\": []}".getBytes();
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
			}
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void aStalledBodyEndsAtTheLimitAndAnAnswerStillReads() {
		// serviceTimeout 100 ms: a call may take six times that
		ServiceClient client = new ServiceClient(new AdminSettings(URI.create("http://127.0.0.1:1"),
				URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:1"), "", Duration.ofMillis(100),
				List.of()));
		URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
		long start = System.nanoTime();

		ServiceClient.Reply stalled = client.get(base, "/stall");

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(stalled.ok()).isFalse();
		assertThat(stalled.problem()).contains("unreachable");
		assertThat(client.get(base, "/ok").body()).isEqualTo(Map.of("items", List.of()));
	}

}
