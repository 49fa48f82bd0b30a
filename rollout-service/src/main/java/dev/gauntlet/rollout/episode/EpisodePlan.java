package dev.gauntlet.rollout.episode;

import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.rollout.policy.PolicyEndpoint;
import dev.gauntlet.rollout.policy.SamplingParams;

/** Everything one episode needs: who it is, where it runs, against which policy, how it thinks, and its limits. */
public record EpisodePlan(RolloutKey identity, EnvironmentRef environment, PolicyEndpoint policy,
		SamplingParams sampling, ReasoningControl reasoning, EpisodeLimits limits) {
}
