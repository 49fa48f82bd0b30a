package dev.gauntlet.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A finished episode, ready to be scored. Published by rollout-service on {@link Topics#ROLLOUTS_COMPLETED}.
 *
 * @param rolloutId {@link RolloutKey#rolloutId()} of {@code identity}
 * @param messages the whole conversation: prompt, assistant turns, tool results
 * @param turns one entry per policy call, token in and token out; empty for a text-only rollout
 * @param trainable false when the policy server returned no token ids: such a rollout can be scored but never
 * trained on
 */
public record RolloutCompleted(int schemaVersion, UUID rolloutId, RolloutKey identity, EnvironmentRef environment,
		PolicyRef policy, List<ChatMessage> messages, List<Turn> turns, boolean trainable, FinishReason finishReason,
		ReasoningStats reasoning, Instant completedAt) implements GauntletEvent {

	public static final int SCHEMA_VERSION = 1;

	public RolloutCompleted {
		Checks.require(schemaVersion == SCHEMA_VERSION, "unsupported schemaVersion %s (expected %s)", schemaVersion,
				SCHEMA_VERSION);
		Checks.notNull(identity, "identity");
		Checks.require(identity.rolloutId().equals(rolloutId), "rolloutId %s does not match the identity", rolloutId);
		Checks.notNull(environment, "environment");
		Checks.notNull(policy, "policy");
		Checks.noNullElements(messages, "messages");
		Checks.require(!messages.isEmpty(), "messages must not be empty");
		Checks.noNullElements(turns, "turns");
		Checks.require(!trainable || !turns.isEmpty(), "a trainable rollout needs its token turns");
		Checks.notNull(finishReason, "finishReason");
		reasoning = reasoning == null ? ReasoningStats.NONE : reasoning;
		Checks.notNull(completedAt, "completedAt");
		messages = List.copyOf(messages);
		turns = List.copyOf(turns);
	}

	public static RolloutCompleted of(RolloutKey identity, EnvironmentRef environment, PolicyRef policy,
			List<ChatMessage> messages, List<Turn> turns, boolean trainable, FinishReason finishReason,
			ReasoningStats reasoning, Instant completedAt) {
		return new RolloutCompleted(SCHEMA_VERSION, identity.rolloutId(), identity, environment, policy, messages,
				turns, trainable, finishReason, reasoning, completedAt);
	}

	@Override
	public String key() {
		return identity.groupId();
	}

	/** The text of the last assistant message: the final answer to verify. */
	public String finalAnswer() {
		for (int i = messages.size() - 1; i >= 0; i--) {
			ChatMessage m = messages.get(i);
			if (m.role().equals("assistant") && m.content() != null) {
				return m.content();
			}
		}
		return "";
	}

}
