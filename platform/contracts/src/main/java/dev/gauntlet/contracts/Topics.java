package dev.gauntlet.contracts;

import java.util.List;

/**
 * Kafka topic names. These names are public API: operators create ACLs and dashboards on them.
 *
 * <p>Record keys are the rollout's group id ({@link RolloutKey#groupId()}), so every sample of a GRPO group lands
 * in one partition and is seen in order by one consumer.
 */
public final class Topics {

	public static final String ROLLOUTS_COMPLETED = "gauntlet.rollouts.completed";

	public static final String ROLLOUTS_SCORED = "gauntlet.rollouts.scored";

	public static final String ROLLOUTS_FAILED = "gauntlet.rollouts.failed";

	public static final String POLICY_UPDATED = "gauntlet.policy.updated";

	/** Suffix of the dead-letter twin of each topic. */
	public static final String DEAD_LETTER_SUFFIX = ".dlq";

	/** The four main topics, in pipeline order. */
	public static final List<String> MAIN = List.of(ROLLOUTS_COMPLETED, ROLLOUTS_SCORED, ROLLOUTS_FAILED, POLICY_UPDATED);

	private Topics() {
	}

	public static String deadLetter(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

	/** Every topic Gauntlet uses: the main ones and their dead-letter twins. */
	public static List<String> all() {
		return MAIN.stream().flatMap(t -> java.util.stream.Stream.of(t, deadLetter(t))).toList();
	}

}
