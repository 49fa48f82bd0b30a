package dev.gauntlet.admin.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gauntlet.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.gauntlet.testing.ScriptedServer.reply;
import static org.assertj.core.api.Assertions.assertThat;

/** A service that stalls after its headers cannot hold a page: the call ends within its limit and says why. */
@Timeout(20)
class ServiceClientUnitTests {

	final ScriptedServer server = ScriptedServer.start();

	@AfterEach
	void stop() {
		server.close();
	}

	@Test
	void aStalledBodyEndsAtTheLimitAndAnAnswerStillReads() {
		// serviceTimeout 100 ms: a call may take six times that
		ServiceClient client = new ServiceClient(new AdminSettings(URI.create("http://127.0.0.1:1"),
				URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:1"), "", Duration.ofMillis(100),
				List.of()));
		URI base = server.uri();
		server.then(server.headersThenStall(30_000)).then(reply(200, "{\"items\": []}"));
		long start = System.nanoTime();

		ServiceClient.Reply stalled = client.get(base, "/stall");

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(stalled.ok()).isFalse();
		assertThat(stalled.problem()).contains("unreachable");
		assertThat(client.get(base, "/ok").body()).isEqualTo(Map.of("items", List.of()));
	}

}
