package dev.gauntlet.rollout.episode;

import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.rollout.policy.PolicyEndpoint;
import dev.gauntlet.rollout.policy.SamplingParams;

/** Everything one episode needs: who it is, where it runs, and against which policy. */
public record EpisodePlan(RolloutKey identity, EnvironmentRef environment, PolicyEndpoint policy,
		SamplingParams sampling) {
}
