package dev.gauntlet.trainer.grpo;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A complete GRPO group: every sample of one prompt, in sample order.
 *
 * @param jobId the rollout job
 * @param groupIndex the group within the job
 * @param environment the environment's name
 * @param budgetTokens the prompt's thinking budget, or null when it had none
 * @param reasoningOff the prompt was sampled with reasoning off
 */
public record SampleGroup(UUID jobId, int groupIndex, String environment, @Nullable Integer budgetTokens,
		boolean reasoningOff, List<Sample> samples) {

	public SampleGroup {
		samples = List.copyOf(samples);
	}

}
