package dev.gauntlet.rollout.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * vLLM's {@code return_tokens_as_token_ids} writes each logprob entry's token as {@code "token_id:N"}: those are the
 * completion's ids, and they are not its text.
 */
class TokenIdPlaceholdersUnitTests {

	private static String reply(String tokenIds, String... tokens) {
		StringBuilder content = new StringBuilder();
		for (String token : tokens) {
			content.append(content.isEmpty() ? "" : ", ").append("{\"token\": \"").append(token)
				.append("\", \"logprob\": -0.5}");
		}
		return "{\"prompt_token_ids\": [1, 2], \"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"ab\"},"
				+ tokenIds + " \"logprobs\": {\"content\": [" + content + "]}, \"finish_reason\": \"stop\"}]}";
	}

	@Test
	void placeholdersGiveTheCompletionIdsWhenThereAreNoIdArraysAndNoTexts() {
		ChatCompletion c = PolicyClient.parse(reply("", "token_id:97", "token_id:98"));
		assertThat(c.completionTokenIds()).containsExactly(97, 98);
		assertThat(c.logprobs()).containsExactly(-0.5, -0.5);
		assertThat(c.tokenTexts()).isNull();
		assertThat(c.hasTokens()).isTrue();
	}

	@Test
	void ordinaryTokenTextsStayTextsAndGiveNoIds() {
		ChatCompletion c = PolicyClient.parse(reply("", "a", "b"));
		assertThat(c.completionTokenIds()).isNull();
		assertThat(c.tokenTexts()).containsExactly("a", "b");
	}

	@Test
	void placeholdersMustAgreeWithTheIdArrays() {
		assertThat(PolicyClient.parse(reply(" \"token_ids\": [97, 98],", "token_id:97", "token_id:98"))
			.completionTokenIds()).containsExactly(97, 98);
		assertThatThrownBy(() -> PolicyClient.parse(reply(" \"token_ids\": [97, 99],", "token_id:97", "token_id:98")))
			.isInstanceOf(PolicyException.class)
			.hasMessageContaining("disagree");
	}

	@Test
	void placeholdersMixedWithTextsOrOutOfRangeAreMalformed() {
		assertThatThrownBy(() -> PolicyClient.parse(reply("", "token_id:97", "b")))
			.isInstanceOf(PolicyException.class)
			.hasMessageContaining("mix");
		assertThatThrownBy(() -> PolicyClient.parse(reply("", "token_id:99999999999")))
			.isInstanceOf(PolicyException.class)
			.hasMessageContaining("out of range");
	}

}
