package dev.gauntlet.rollout.job;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A request for rollouts: {@code samplesPerTask} rollouts (one GRPO group) of each selected task of an environment,
 * against one policy.
 *
 * @param environment the environment's name
 * @param tasks how many tasks to pick with {@code seed}; ignored when {@code taskIds} is given
 * @param taskIds run exactly these tasks
 * @param seed picks the tasks reproducibly; 0 when absent
 * @param samplesPerTask the GRPO group size
 * @param reasoning thinking on or off, and a thinking budget; thinking on without a budget when absent
 * @param taskReasoning reasoning for particular task ids, overriding {@code reasoning} for those tasks
 * @param limits turn, token, tool-error and time limits; the service's defaults when absent
 */
public record JobRequest(@NotBlank @Size(max = 64) String environment, @Nullable @Min(1) Integer tasks,
		@Nullable @Size(min = 1, max = 10_000) List<@NotBlank @Size(max = 256) String> taskIds, @Nullable Long seed,
		@Min(1) int samplesPerTask, @NotNull @Valid Policy policy, @Nullable @Valid Sampling sampling,
		@Nullable @Valid Reasoning reasoning, @Nullable @Valid Limits limits,
		@Nullable @Size(max = 10_000) Map<@NotBlank @Size(max = 256) String, @NotNull @Valid Reasoning> taskReasoning) {

	/**
	 * Either a registered endpoint by name, or a base URL and a model.
	 *
	 * @param endpoint the name of an endpoint in the registry ({@code gauntlet.rollout.endpoints})
	 * @param baseUrl the OpenAI-compatible API base, for example {@code http://localhost:8000/v1}
	 * @param model the model name; overrides the registry's when both are given
	 * @param tokenIds ask the server for token ids and logprobs (needed for training); only for a base URL
	 */
	public record Policy(@Nullable @Size(max = 128) String endpoint, @Nullable @Size(max = 2048) String baseUrl,
			@Nullable @Size(max = 256) String model, @Nullable Boolean tokenIds) {
	}

	public record Sampling(@DecimalMin("0.0") @DecimalMax("5.0") @Nullable Double temperature,
			@DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") @Nullable Double topP,
			@Min(1) @Max(1_000_000) @Nullable Integer maxTokens, @Nullable Long seed) {
	}

	/**
	 * @param mode {@code on} or {@code off}
	 * @param budgetTokens the most thinking tokens per assistant turn
	 */
	public record Reasoning(@Nullable @Pattern(regexp = "on|off") String mode,
			@Nullable @Min(1) @Max(1_000_000) Integer budgetTokens) {
	}

	/**
	 * @param maxTurns the most policy calls per episode
	 * @param maxTotalTokens the most completion tokens per episode
	 * @param maxToolErrors malformed or failed tool calls that end the episode
	 * @param deadlineSeconds the wall-clock limit of one rollout
	 */
	public record Limits(@Nullable @Min(1) @Max(1000) Integer maxTurns,
			@Nullable @Min(1) @Max(10_000_000) Integer maxTotalTokens, @Nullable @Min(1) @Max(1000) Integer maxToolErrors,
			@Nullable @Min(1) @Max(86_400) Integer deadlineSeconds) {
	}

}
