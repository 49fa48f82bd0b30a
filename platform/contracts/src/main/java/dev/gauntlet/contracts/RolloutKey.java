package dev.gauntlet.contracts;

import java.util.UUID;

/**
 * The identity of a rollout: (jobId, taskId, groupIndex, sampleIndex, attempt). Every write of a rollout is
 * idempotent on it, so a redelivered message never creates a second row.
 *
 * @param jobId the job that asked for the rollout
 * @param taskId the environment's task id
 * @param groupIndex the GRPO group within the job (one group per selected task)
 * @param sampleIndex the sample within its group, {@code 0 <= sampleIndex < groupSize}
 * @param attempt the retry number of this sample, starting at 0
 */
public record RolloutKey(UUID jobId, String taskId, int groupIndex, int sampleIndex, int attempt) {

	public RolloutKey {
		Checks.notNull(jobId, "jobId");
		Checks.notBlank(taskId, "taskId");
		Checks.require(groupIndex >= 0, "groupIndex must not be negative: %s", groupIndex);
		Checks.require(sampleIndex >= 0, "sampleIndex must not be negative: %s", sampleIndex);
		Checks.require(attempt >= 0, "attempt must not be negative: %s", attempt);
	}

	/** The Kafka record key: all samples of a group share it and therefore a partition. */
	public String groupId() {
		return jobId + "/" + groupIndex;
	}

	/**
	 * A stable id derived from the identity, so that every service names the same rollout the same way without
	 * coordination.
	 */
	public UUID rolloutId() {
		String identity = jobId + "|" + taskId + "|" + groupIndex + "|" + sampleIndex + "|" + attempt;
		return UUID.nameUUIDFromBytes(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

}
