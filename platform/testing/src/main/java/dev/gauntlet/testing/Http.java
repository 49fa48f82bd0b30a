package dev.gauntlet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for tests: real requests over real sockets, bodies read as JSON trees. */
public final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Http(String base) {
		this.base = base;
	}

	public static Http localhost(int port) {
		return new Http("http://127.0.0.1:" + port);
	}

	public Reply get(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
	}

	public Reply post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Reply post(String path, Object body) {
		return post(path, JSON.writeValueAsString(body));
	}

	private Reply send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Reply(int status, String contentType, String body) {

		public JsonNode json() {
			return JSON.readTree(body);
		}

	}

}
