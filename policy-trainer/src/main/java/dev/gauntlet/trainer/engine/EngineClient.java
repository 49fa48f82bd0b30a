package dev.gauntlet.trainer.engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.gauntlet.web.BoundedHttp;
import dev.gauntlet.web.ReplyText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's internal HTTP API: train step, weights version, checkpoints. Replies are outside input: anything
 * but the documented JSON is an {@link EngineException}, never a crash.
 */
public class EngineClient {

	/** Its replies are a few numbers; a megabyte is far more than any real one. */
	static final int MAX_REPLY_BYTES = 1 << 20;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final Duration timeout;

	public EngineClient(HttpClient http, Duration timeout) {
		this.http = http;
		this.timeout = timeout;
	}

	/** The engine's reply to a train step: its new weights version and the step's metrics. */
	public record StepResult(long weightsVersion, Map<String, Double> metrics) {
	}

	/** A checkpoint the engine saved. */
	public record Checkpoint(String name, String path, long weightsVersion) {
	}

	public StepResult train(String engineUrl, byte[] body) {
		JsonNode reply = send(HttpRequest.newBuilder(uri(engineUrl, "/v1/train/step"))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)), "train step");
		long version = version(reply, "weights_version");
		Map<String, Double> metrics = new LinkedHashMap<>();
		JsonNode m = reply.path("metrics");
		if (!m.isObject()) {
			throw new EngineException("engine train reply has no metrics object", false);
		}
		for (var e : m.properties()) {
			if (e.getValue().isNumber() && Double.isFinite(e.getValue().asDouble()) && metrics.size() < 256) {
				metrics.put(e.getKey(), e.getValue().asDouble());
			}
		}
		return new StepResult(version, metrics);
	}

	public long weightsVersion(String engineUrl) {
		return version(send(HttpRequest.newBuilder(uri(engineUrl, "/v1/weights/version")).GET(), "weights version"),
				"weights_version");
	}

	public Checkpoint saveCheckpoint(String engineUrl, String name) {
		JsonNode reply = send(HttpRequest.newBuilder(uri(engineUrl, "/v1/checkpoints"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name)))), "checkpoint");
		String path = reply.path("path").asString("");
		if (path.isBlank() || path.length() > 4096) {
			throw new EngineException("engine checkpoint reply has no path", false);
		}
		return new Checkpoint(name, path, version(reply, "weights_version"));
	}

	private JsonNode send(HttpRequest.Builder request, String what) {
		HttpResponse<String> response;
		try {
			// the whole exchange is bounded, not only the headers: an engine that stalls mid-reply cannot hold a run
			response = BoundedHttp.send(http, request.build(), timeout, MAX_REPLY_BYTES);
		}
		catch (BoundedHttp.ReplyTooLarge ex) {
			throw new EngineException("engine " + what + " reply exceeds " + MAX_REPLY_BYTES + " bytes", false);
		}
		catch (IOException ex) {
			throw new EngineException("engine " + what + " failed: " + ex, false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EngineException("interrupted during engine " + what, false);
		}
		String body = response.body();
		int status = response.statusCode();
		if (status >= 400 && status < 500) {
			throw new EngineException("engine refused the " + what + " (HTTP " + status + "): " + ReplyText.detail(body),
					true);
		}
		if (status < 200 || status >= 300) {
			throw new EngineException("engine " + what + " answered HTTP " + status + ": " + ReplyText.detail(body),
					false);
		}
		try {
			JsonNode node = JSON.readTree(body);
			if (!node.isObject()) {
				throw new EngineException("engine " + what + " reply is not a JSON object", false);
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new EngineException("engine " + what + " reply is not JSON: " + ex.getOriginalMessage(), false);
		}
	}

	private static long version(JsonNode reply, String field) {
		JsonNode v = reply.path(field);
		if (!v.isIntegralNumber() || v.asLong() < 0) {
			throw new EngineException("engine reply has no valid " + field, false);
		}
		return v.asLong();
	}

	private static URI uri(String base, String path) {
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
	}

}
