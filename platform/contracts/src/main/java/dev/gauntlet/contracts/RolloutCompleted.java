package dev.gauntlet.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A finished episode, ready to be scored. Published by rollout-service on {@link Topics#ROLLOUTS_COMPLETED}.
 *
 * @param rolloutId {@link RolloutKey#rolloutId()} of {@code identity}
 * @param messages the whole conversation: prompt, assistant turns, tool results
 * @param turns one entry per policy call, token in and token out; empty for a text-only rollout
 * @param trainable false when the policy server returned no token ids: such a rollout can be scored but never
 * trained on
 * @param trajectory the whole episode as one token sequence with a loss mask (prompt, sampled, forced, environment
 * tokens); present only when every turn extended the previous one exactly (optional, added in schema 1)
 * @param untrainableReason why a rollout is not trainable, for example {@code text_only} or
 * {@code token_mismatch: ...}; null when it is trainable (optional, added in schema 1)
 */
public record RolloutCompleted(int schemaVersion, UUID rolloutId, RolloutKey identity, EnvironmentRef environment,
		PolicyRef policy, List<ChatMessage> messages, List<Turn> turns, boolean trainable, FinishReason finishReason,
		ReasoningStats reasoning, Instant completedAt, @Nullable TokenTrajectory trajectory,
		@Nullable String untrainableReason) implements GauntletEvent {

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
		Checks.require(untrainableReason == null || !trainable, "a trainable rollout has no untrainableReason");
		Checks.require(trajectory == null || trainable, "only a trainable rollout carries a token trajectory");
		messages = List.copyOf(messages);
		turns = List.copyOf(turns);
	}

	/** The event as schema 1 first defined it, without a trajectory or a reason. */
	public RolloutCompleted(int schemaVersion, UUID rolloutId, RolloutKey identity, EnvironmentRef environment,
			PolicyRef policy, List<ChatMessage> messages, List<Turn> turns, boolean trainable,
			FinishReason finishReason, ReasoningStats reasoning, Instant completedAt) {
		this(schemaVersion, rolloutId, identity, environment, policy, messages, turns, trainable, finishReason,
				reasoning, completedAt, null, trainable ? null : "text_only");
	}

	public static RolloutCompleted of(RolloutKey identity, EnvironmentRef environment, PolicyRef policy,
			List<ChatMessage> messages, List<Turn> turns, boolean trainable, FinishReason finishReason,
			ReasoningStats reasoning, Instant completedAt) {
		return new RolloutCompleted(SCHEMA_VERSION, identity.rolloutId(), identity, environment, policy, messages,
				turns, trainable, finishReason, reasoning, completedAt);
	}

	public static RolloutCompleted of(RolloutKey identity, EnvironmentRef environment, PolicyRef policy,
			List<ChatMessage> messages, List<Turn> turns, FinishReason finishReason, ReasoningStats reasoning,
			Instant completedAt, @Nullable TokenTrajectory trajectory, @Nullable String untrainableReason) {
		return new RolloutCompleted(SCHEMA_VERSION, identity.rolloutId(), identity, environment, policy, messages,
				turns, untrainableReason == null, finishReason, reasoning, completedAt, trajectory, untrainableReason);
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
