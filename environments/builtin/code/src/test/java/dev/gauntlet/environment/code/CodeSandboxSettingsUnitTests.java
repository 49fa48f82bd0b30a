package dev.gauntlet.environment.code;

import java.util.Map;
import java.util.Properties;

import dev.gauntlet.sandbox.SandboxMode;
import dev.gauntlet.sandbox.SandboxSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside environment-service ({@code gauntlet verify code}, {@code gauntlet up}) the same setting names apply. */
class CodeSandboxSettingsUnitTests {

	@Test
	void theEnvironmentVariableSpringWouldReadTurnsIsolationOff() {
		SandboxSettings read = CodeSandboxSettings.from(
				Map.of("GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_MODE", "unsafe-local",
						"GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_TMPFS_BYTES", "2097152"),
				new Properties());

		assertThat(read.mode()).isEqualTo(SandboxMode.UNSAFE_LOCAL);
		assertThat(read.tmpfsBytes()).isEqualTo(2L << 20);
	}

	@Test
	void aSystemPropertyWinsOverTheEnvironmentAndNothingSetIsIsolated() {
		Properties properties = new Properties();
		properties.setProperty("gauntlet.environments.code.sandbox.mode", "isolated");

		assertThat(CodeSandboxSettings.from(Map.of("GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_MODE", "unsafe-local"),
				properties).mode()).isEqualTo(SandboxMode.ISOLATED);
		assertThat(CodeSandboxSettings.from(Map.of(), new Properties()).mode()).isEqualTo(SandboxMode.ISOLATED);
	}

	@Test
	void theRefusalNamesTheSettingOnlyWhenCodeWouldBeRefused() {
		SandboxSettings noBwrap = SandboxSettings.defaults().withBwrap("/nonexistent/bwrap");

		assertThat(CodeSandboxSettings.refusal(noBwrap)).hasValueSatisfying(reason -> assertThat(reason)
			.contains("bubblewrap")
			.contains("GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_MODE=unsafe-local"));
		assertThat(CodeSandboxSettings.refusal(noBwrap.withMode(SandboxMode.UNSAFE_LOCAL))).isEmpty();
	}

}
