package dev.gauntlet.launcher;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gauntlet submit --wait}'s one JSON document, built from rollout-service's job view (the shape of
 * {@code GET /v1/jobs/{id}}): job id, scored and failed counts, mean reward, and each rollout's task id and reward.
 */
class SubmitCommandTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String JOB_ID = "5f0c2a8e-4a8b-4d7e-9a53-1c2d3e4f5a6b";

	private static JsonNode view(String meanReward, String counts, String rollouts) {
		return JSON.readTree("""
				{"id": "%s", "environment": "gsm8k", "status": "COMPLETED", "counts": %s, "total": 3, "done": 3,
				 "meanReward": %s, "createdAt": "2025-01-01T00:00:00Z", "finishedAt": "2025-01-01T00:00:05Z",
				 "rollouts": %s}""".formatted(JOB_ID, counts, meanReward, rollouts));
	}

	/** The document exactly as printed, read back the way a script reading stdout would. */
	private static JsonNode printed(JsonNode view) {
		return JSON.readTree(JSON.writeValueAsString(SubmitCommand.summary(JOB_ID, view)));
	}

	@Test
	void summarisesScoredAndFailedRolloutsWithTheirTasksAndRewards() {
		JsonNode out = printed(view("0.5", """
				{"SCORED": 2, "FAILED": 1}""", """
				[{"rolloutId": "a", "taskId": "gsm8k-7", "groupIndex": 0, "sampleIndex": 0, "attempt": 0,
				  "status": "SCORED", "reward": 1.0, "extractedAnswer": "18"},
				 {"rolloutId": "b", "taskId": "gsm8k-7", "groupIndex": 0, "sampleIndex": 1, "attempt": 0,
				  "status": "SCORED", "reward": 0.0, "extractedAnswer": "19"},
				 {"rolloutId": "c", "taskId": "gsm8k-42", "groupIndex": 1, "sampleIndex": 0, "attempt": 0,
				  "status": "FAILED", "reward": null, "failureStage": "POLICY", "failureCause": "policy_timeout"}]"""));

		assertThat(out.get("jobId").asString()).isEqualTo(JOB_ID);
		assertThat(out.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(out.get("scored").asLong()).isEqualTo(2);
		assertThat(out.get("failed").asLong()).isEqualTo(1);
		assertThat(out.get("meanReward").asDouble()).isEqualTo(0.5);
		assertThat(out.get("rollouts").valueStream().map(r -> r.get("taskId").asString()))
			.containsExactly("gsm8k-7", "gsm8k-7", "gsm8k-42");
		assertThat(out.get("rollouts").valueStream().map(r -> r.get("sampleIndex").asInt())).containsExactly(0, 1, 0);
		JsonNode failed = out.get("rollouts").get(2);
		// A failure has no reward, never 0: the field is null and the cause says why.
		assertThat(out.get("rollouts").get(0).get("reward").asDouble()).isEqualTo(1.0);
		assertThat(out.get("rollouts").get(1).get("reward").asDouble()).isEqualTo(0.0);
		assertThat(failed.get("reward").isNull()).isTrue();
		assertThat(failed.get("status").asString()).isEqualTo("FAILED");
		assertThat(failed.get("failureCause").asString()).isEqualTo("policy_timeout");
		assertThat(out.get("rollouts").get(0).has("failureCause")).isFalse();
	}

	@Test
	void aJobWithNothingScoredHasNoMeanRewardAndZeroCounts() {
		JsonNode out = printed(view("null", "{}", "[]"));

		assertThat(out.get("scored").asLong()).isZero();
		assertThat(out.get("failed").asLong()).isZero();
		assertThat(out.get("meanReward").isNull()).isTrue();
		assertThat(out.get("rollouts")).isEmpty();
		assertThat(List.copyOf(JSON.convertValue(out, Map.class).keySet()))
			.containsExactly("jobId", "status", "scored", "failed", "meanReward", "rollouts");
	}

}
