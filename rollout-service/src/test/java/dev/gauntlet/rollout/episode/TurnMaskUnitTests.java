package dev.gauntlet.rollout.episode;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnMaskUnitTests {

	@Test
	void tokensTheServerForcedAreMaskedAsForced() {
		assertThat(TurnGenerator.mask(4, List.of(false, false, true, true))).isEqualTo("SSFF");
	}

	@Test
	void withoutFlagsEveryTokenIsSampled() {
		assertThat(TurnGenerator.mask(3, null)).isEqualTo("SSS");
	}

}
