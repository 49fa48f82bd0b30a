package dev.gauntlet.reward.verify;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.gauntlet.contracts.FailureStage;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.openai.OpenAiMessage;
import dev.gauntlet.reward.system.RewardSettings;
import dev.gauntlet.web.BoundedHttp;
import dev.gauntlet.web.ReplyText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Verifies a rollout through environment-service's {@code POST /environments/{name}/verify}.
 *
 * <p>Only a verdict becomes a score. A verifier error, an environment that cannot be reached after retries, a
 * refusal (unknown task) or an unreadable reply becomes {@link Outcome.Failed}: an infrastructure failure is never
 * a reward of 0.
 */
@Component
public class EnvironmentVerifier {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A verdict is a reward and a few details; a reply near this size is not one. */
	static final long MAX_REPLY_BYTES = 4L << 20;

	private final HttpClient http;

	private final RewardSettings settings;

	public EnvironmentVerifier(HttpClient outboundHttpClient, RewardSettings settings) {
		this.http = outboundHttpClient;
		this.settings = settings;
	}

	public Outcome verify(RolloutCompleted rollout) {
		byte[] body = JSON.writeValueAsBytes(Map.of("session_id", rollout.rolloutId().toString(), "task_id",
				rollout.identity().taskId(), "messages", OpenAiMessage.from(rollout.messages())));
		// name@version: a rollout is verified by exactly the environment version it ran against.
		URI url = url(rollout.environment().toString());
		Outcome.Failed last = null;
		for (int attempt = 0; attempt <= settings.verifyRetries(); attempt++) {
			if (attempt > 0 && !pause(attempt)) {
				return new Outcome.Failed(FailureStage.VERIFIER, "cancelled", "interrupted while retrying");
			}
			try {
				// the whole reply within the timeout: a verifier that stalls after its headers cannot hold the consumer
				HttpResponse<String> response = BoundedHttp.send(http, HttpRequest.newBuilder(url)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build(), settings.verifyTimeout(), MAX_REPLY_BYTES);
				int status = response.statusCode();
				String reply = response.body();
				if (status == 200) {
					return verdict(reply);
				}
				last = new Outcome.Failed(FailureStage.VERIFIER, "verify_http_" + status,
						"environment answered HTTP " + status + ": " + ReplyText.excerpt(reply));
				if (status < 500 && status != 429) {
					return last;
				}
			}
			catch (BoundedHttp.ReplyTooLarge ex) {
				return new Outcome.Failed(FailureStage.VERIFIER, "verifier_malformed_response",
						"verify answered more than " + MAX_REPLY_BYTES + " bytes");
			}
			catch (HttpConnectTimeoutException ex) {
				last = new Outcome.Failed(FailureStage.VERIFIER, "environment_unreachable",
						"cannot reach environment-service: " + ex);
			}
			catch (HttpTimeoutException ex) {
				last = new Outcome.Failed(FailureStage.VERIFIER, "verify_timeout",
						"verify did not answer within " + settings.verifyTimeout().toMillis() + " ms");
			}
			catch (IOException ex) {
				last = new Outcome.Failed(FailureStage.VERIFIER, "environment_unreachable",
						"cannot reach environment-service: " + ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return new Outcome.Failed(FailureStage.VERIFIER, "cancelled", "interrupted while verifying");
			}
		}
		return last;
	}

	private static Outcome verdict(String body) {
		try {
			JsonNode reply = JSON.readTree(body);
			String status = reply.path("status").asString("");
			if (status.equals("error")) {
				return new Outcome.Failed(FailureStage.VERIFIER, "verifier_error",
						ReplyText.excerpt(reply.path("detail").asString("")));
			}
			JsonNode reward = reply.path("reward");
			if (!status.equals("ok") || !reward.isNumber() || !Double.isFinite(reward.asDouble())) {
				return new Outcome.Failed(FailureStage.VERIFIER, "verifier_malformed_response",
						"verify reply has no usable status and reward: " + ReplyText.excerpt(body));
			}
			Map<String, Double> components = new LinkedHashMap<>();
			reply.path("reward_components").properties().forEach(e -> {
				if (e.getValue().isNumber() && Double.isFinite(e.getValue().asDouble())) {
					components.put(e.getKey(), e.getValue().asDouble());
				}
			});
			JsonNode extracted = reply.path("extracted_answer");
			return new Outcome.Scored(reward.asDouble(), components, extracted.isString() ? extracted.asString() : null);
		}
		catch (JacksonException ex) {
			return new Outcome.Failed(FailureStage.VERIFIER, "verifier_malformed_response", "verify reply is not JSON");
		}
	}

	private boolean pause(int attempt) {
		try {
			Thread.sleep(settings.retryBackoff().toMillis() << (attempt - 1));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private URI url(String environment) {
		String base = settings.environmentServiceUrl().toString();
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/environments/"
				+ URLEncoder.encode(environment, StandardCharsets.UTF_8) + "/verify");
	}

}
