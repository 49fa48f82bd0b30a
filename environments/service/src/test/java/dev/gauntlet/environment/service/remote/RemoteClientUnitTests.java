package dev.gauntlet.environment.service.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RemoteClient against a remote that speaks HTTP/1.0 and closes the connection after every reply, as Python's
 * {@code http.server} does by default. The JDK client pools such connections anyway, so without care about one
 * request in twenty goes out on a socket the remote already closed and fails with no reply at all.
 */
class RemoteClientUnitTests {

	private ServerSocket server;

	private final AtomicInteger handled = new AtomicInteger();

	/** When set, the remote reads each request, counts it, and closes without a byte of reply: a handler that raised. */
	private volatile boolean dieAfterReading;

	@BeforeEach
	void startHttp10Remote() throws IOException {
		server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofPlatform().daemon().start(() -> {
			while (!server.isClosed()) {
				try (Socket socket = server.accept()) {
					answerOnceAndClose(socket);
				}
				catch (IOException ex) {
					// the test closed the server, or a client went away
				}
			}
		});
	}

	@AfterEach
	void stop() throws IOException {
		server.close();
	}

	static RemoteClient client(int retries) {
		RemoteSettings settings = new RemoteSettings(List.of(), List.of("127.0.0.1/32"), Duration.ofSeconds(2),
				Duration.ofSeconds(5), retries, Duration.ZERO, 5, Duration.ofSeconds(30), DataSize.ofKilobytes(64));
		return new RemoteClient(settings, new Allowlist(settings));
	}

	@Test
	void aReplyLimitThatCannotBeHeldInMemoryIsRefusedAtStartUp() {
		assertThatThrownBy(() -> new RemoteSettings(List.of(), List.of(), Duration.ofSeconds(2), Duration.ofSeconds(5),
				0, Duration.ZERO, 5, Duration.ofSeconds(30), DataSize.ofGigabytes(3)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("max-response-size");
	}

	/** The same failure as a stale pooled connection, but the tool may have acted: it must not run twice. */
	@Test
	void aToolCallThatTheRemoteReadAndThenDroppedIsNotSentAgain() {
		RemoteClient client = client(3);
		String url = "http://127.0.0.1:" + server.getLocalPort();
		assertThat(client.post(url, "/verify", Map.of("n", 1), RemoteClient.Mode.PROBE).path("echo").asInt())
			.isEqualTo(1); // leaves a pooled connection behind
		dieAfterReading = true;
		int before = handled.get();

		assertThatThrownBy(() -> client.post(url, "/tools/reset_password", Map.of("n", 2), RemoteClient.Mode.ONCE))
			.isInstanceOf(RemoteException.class);
		assertThat(handled.get() - before).as("times the remote read the tool call").isEqualTo(1);
	}

	@Test
	void probesAndToolCallsToARemoteThatClosesAfterEveryReplyAllSucceedAndEachReachesItOnce() {
		RemoteClient client = client(0);
		String url = "http://127.0.0.1:" + server.getLocalPort();
		int calls = 300;
		for (int i = 0; i < calls; i++) {
			RemoteClient.Mode mode = i % 2 == 0 ? RemoteClient.Mode.PROBE : RemoteClient.Mode.ONCE;
			assertThat(client.post(url, "/verify", Map.of("n", i), mode).path("echo").asInt()).as("call %d", i)
				.isEqualTo(i);
		}
		assertThat(handled.get()).as("requests the remote handled").isEqualTo(calls);
	}

	private void answerOnceAndClose(Socket socket) throws IOException {
		BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
		int length = 0;
		for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
			if (line.toLowerCase().startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).strip());
			}
		}
		char[] body = new char[length];
		int read = 0;
		while (read < length) {
			int n = in.read(body, read, length - read);
			if (n < 0) {
				return;
			}
			read += n;
		}
		handled.incrementAndGet();
		if (dieAfterReading) {
			return;
		}
		String n = new String(body).replaceAll("\\D", "");
		byte[] reply = ("{\"echo\": " + n + "}").getBytes(StandardCharsets.UTF_8);
		OutputStream out = socket.getOutputStream();
		out.write(("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + reply.length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.write(reply);
		out.flush();
	}

}
