package dev.gauntlet.rollout.policy;


import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server that enforces the thinking budget flags the tokens it forced; those flags must survive parsing. */
class ForcedTokensUnitTests {

	private static String reply(String mask) {
		return "{\"prompt_token_ids\": [1, 2], \"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"x\"},"
				+ " \"token_ids\": [5, 6, 7], \"finish_reason\": \"stop\"" + mask + "}]}";
	}

	@Test
	void readsTheServersForcedTokenFlags() {
		ChatCompletion c = PolicyClient.parse(reply(", \"forced_token_mask\": [0, 1, 1]"));
		assertThat(c.forcedTokens()).containsExactly(false, true, true);
		assertThat(c.anyForced()).isTrue();
	}

	@Test
	void aServerThatSaysNothingForcedNothing() {
		ChatCompletion c = PolicyClient.parse(reply(""));
		assertThat(c.forcedTokens()).isNull();
		assertThat(c.anyForced()).isFalse();
	}

	@Test
	void refusesFlagsThatDoNotLineUpWithTheTokens() {
		assertThatThrownBy(() -> PolicyClient.parse(reply(", \"forced_token_mask\": [0, 1]")))
			.isInstanceOf(PolicyException.class)
			.hasMessageContaining("forced_token_mask");
		assertThatThrownBy(() -> PolicyClient.parse(reply(", \"forced_token_mask\": [0, 2, 1]")))
			.isInstanceOf(PolicyException.class)
			.hasMessageContaining("0 or 1");
	}

}
