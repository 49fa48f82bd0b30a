package dev.gauntlet.admin.rollouts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrajectoryUnitTests {

	static Map<String, Object> message(String role, String content, List<Object> calls, String callId) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("role", role);
		m.put("content", content);
		m.put("toolCalls", calls);
		m.put("toolCallId", callId);
		return m;
	}

	@Test
	void readsARolloutDetailWithThinkingToolCallsAndTheBudget() {
		Map<String, Object> detail = Map.of("rollout", Map.of("rolloutId", "r1", "reward", 1.0), "messages",
				List.of(message("user", "17*23?", List.of(), null),
						message("assistant", "<think>use the tool</think>",
								List.of(Map.of("id", "c1", "name", "calculator", "arguments", "{\"expression\":\"17*23\"}")), null),
						message("tool", "391", List.of(), "c1"),
						message("assistant", "<think>done</think>Answer: 391", List.of(), null)),
				"turns", List.of(Map.of("promptTokenIds", List.of(1, 2), "completionTokenIds", List.of(3, 4, 5),
						"completionMask", "SFS")),
				"reasoning", Map.of("thinkingTokens", 4, "answerTokens", 3, "budgetHit", false), "rewardComponents",
				Map.of("correct", 1.0));
		Trajectory t = Trajectory.of(detail);
		assertThat(t.rollout()).containsEntry("rolloutId", "r1");
		assertThat(t.steps()).hasSize(4);
		assertThat(t.steps().get(1).thinking()).isEqualTo("use the tool");
		assertThat(t.steps().get(1).toolCalls()).singleElement().satisfies(call -> {
			assertThat(call.name()).isEqualTo("calculator");
			assertThat(call.arguments()).contains("\"expression\" : \"17*23\"");
			assertThat(call.result()).isEqualTo("391");
		});
		assertThat(t.finalAnswer()).isEqualTo("Answer: 391");
		assertThat(t.promptTokens()).isEqualTo(2);
		assertThat(t.completionTokens()).isEqualTo(3);
		assertThat(t.thinkingTokens()).isEqualTo(4);
		assertThat(t.budgetHit()).as("reasoning.budgetHit wins over the mask").isFalse();
		assertThat(t.rewardComponents()).containsEntry("correct", 1.0);
	}

	@Test
	void readsOpenAiWireMessagesAndLeavesUnknownCountsUnknown() {
		Map<String, Object> rollout = Map.of("messages", List.of(Map.of("role", "assistant", "content", "hi",
				"reasoning_content", "hmm", "tool_calls", List.of(Map.of("id", "x", "function",
						Map.of("name", "search", "arguments", "not json"))))));
		Trajectory t = Trajectory.of(rollout);
		assertThat(t.steps().get(0).thinking()).isEqualTo("hmm");
		assertThat(t.steps().get(0).toolCalls().get(0).arguments()).isEqualTo("not json");
		assertThat(t.steps().get(0).toolCalls().get(0).result()).isNull();
		assertThat(t.promptTokens()).isNull();
		assertThat(t.budgetHit()).isNull();
	}

}
