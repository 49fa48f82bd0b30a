package dev.gauntlet.rollout.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A request for rollouts: {@code samplesPerTask} rollouts (one GRPO group) of each of {@code tasks} tasks of an
 * environment, against one policy.
 *
 * @param environment the environment's name
 * @param tasks how many tasks to run
 * @param seed picks the tasks reproducibly
 * @param samplesPerTask the GRPO group size
 */
public record JobRequest(@NotBlank @Size(max = 64) String environment, @Min(1) int tasks, long seed,
		@Min(1) int samplesPerTask, @NotNull @Valid Policy policy, @Nullable @Valid Sampling sampling) {

	/**
	 * @param baseUrl the OpenAI-compatible API base, for example {@code http://localhost:8000/v1}
	 * @param tokenIds ask the server for token ids and logprobs (needed for training)
	 */
	public record Policy(@NotBlank @Size(max = 2048) String baseUrl, @NotBlank @Size(max = 256) String model,
			@Nullable Boolean tokenIds) {
	}

	public record Sampling(@DecimalMin("0.0") @DecimalMax("5.0") @Nullable Double temperature,
			@DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") @Nullable Double topP,
			@Min(1) @Max(1_000_000) @Nullable Integer maxTokens, @Nullable Long seed) {
	}

}
