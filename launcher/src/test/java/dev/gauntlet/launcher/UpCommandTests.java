package dev.gauntlet.launcher;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gauntlet up} requires bubblewrap before it starts anything, unless code may run unisolated or the code
 * environment is off. The environment maps are what the services would inherit; bwrap is pointed at a path that
 * does not exist to stand for a machine without it.
 */
class UpCommandTests {

	private static final String NO_BWRAP = "/nonexistent/bwrap";

	@Test
	void withoutBubblewrapUpRefusesAndNamesTheDebianPackage() {
		assertThat(UpCommand.bubblewrapMissing(Map.of("GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_BWRAP", NO_BWRAP)))
			.hasValueSatisfying(why -> assertThat(why).contains(NO_BWRAP)
				.contains("apt-get install bubblewrap")
				.contains("GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_MODE=unsafe-local"));
	}

	@Test
	void unsafeLocalOrADisabledCodeEnvironmentNeedsNoBubblewrap() {
		assertThat(UpCommand.bubblewrapMissing(Map.of("GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_BWRAP", NO_BWRAP,
				"GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_MODE", "unsafe-local"))).isEmpty();
		assertThat(UpCommand.bubblewrapMissing(Map.of("GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_BWRAP", NO_BWRAP,
				"GAUNTLET_ENVIRONMENTS_CODE_ENABLED", "false"))).isEmpty();
	}

	@Test
	void anInstalledBubblewrapIsFound() {
		// This machine has bubblewrap (the sandbox tests need it too), found on PATH by its bare name.
		assertThat(UpCommand.bubblewrapMissing(Map.of())).isEmpty();
	}

}
