package dev.gauntlet.environment.service.protocol;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gauntlet.contracts.openai.OpenAiMessage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of the environment protocol. */
final class ProtocolMessages {

	/** Session ids are chosen by the caller; bounding them keeps hostile ids out of logs and tables. */
	static final int MAX_ID_LENGTH = 128;

	static final int MAX_MESSAGES = 1_000;

	private ProtocolMessages() {
	}

	record SeedSessionRequest(@JsonProperty("session_id") @NotBlank @Size(max = MAX_ID_LENGTH) String sessionId,
			@JsonProperty("task_id") @NotBlank @Size(max = MAX_ID_LENGTH) String taskId) {
	}

	record SeedSessionResponse(@JsonProperty("session_id") String sessionId, String environment,
			List<OpenAiMessage> messages, List<FunctionTool> tools) {
	}

	/** A tool in OpenAI's {@code {"type": "function", "function": {...}}} shape. */
	record FunctionTool(String type, FunctionSpec function) {
	}

	record FunctionSpec(String name, String description, Map<String, Object> parameters) {
	}

	record ToolCallRequest(@JsonProperty("session_id") @NotBlank @Size(max = MAX_ID_LENGTH) String sessionId,
			@Nullable Object arguments) {
	}

	record ToolCallResponse(String content, boolean error) {
	}

	record VerifyRequest(@JsonProperty("session_id") @NotBlank @Size(max = MAX_ID_LENGTH) String sessionId,
			@JsonProperty("task_id") @NotBlank @Size(max = MAX_ID_LENGTH) String taskId,
			@NotNull @Size(max = MAX_MESSAGES) @Valid List<OpenAiMessage> messages) {
	}

	/**
	 * @param status {@code ok} for a verdict; {@code error} when the verifier failed, which is never a reward
	 */
	record VerifyResponse(String environment, String status, @Nullable Double reward,
			@JsonProperty("reward_components") Map<String, Double> rewardComponents,
			@JsonProperty("extracted_answer") @Nullable String extractedAnswer, String detail) {
	}

	record AggregateMetricsRequest(
			@JsonProperty("verify_responses") @NotNull @Size(max = 1_000_000) @Valid List<ScoredSample> verifyResponses) {
	}

	record ScoredSample(@JsonProperty("task_id") @NotBlank String taskId, @NotNull Double reward) {
	}

	record AggregateMetricsResponse(String environment, Map<String, Double> metrics) {
	}

	record HealthResponse(String status, String environment) {
	}

}
