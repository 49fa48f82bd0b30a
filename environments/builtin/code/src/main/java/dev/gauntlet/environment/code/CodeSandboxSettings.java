package dev.gauntlet.environment.code;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.sandbox.SandboxPool;
import dev.gauntlet.sandbox.SandboxSettings;

/**
 * Where the code environment's sandbox settings come from: {@code gauntlet.environments.code.sandbox.<key>} (keys
 * as in {@link SandboxSettings#from}), so {@code gauntlet.environments.code.sandbox.mode=unsafe-local}, or the
 * environment variable {@code GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_MODE=unsafe-local}, turns isolation off. One name
 * for environment-service, {@code gauntlet up} and {@code gauntlet verify code}.
 */
public final class CodeSandboxSettings {

	public static final String PREFIX = "gauntlet.environments.code.sandbox.";

	public static final String MODE_SETTING = PREFIX + "mode";

	private CodeSandboxSettings() {
	}

	/** As environment-service configures the code environment (its context resolves environment variables too). */
	public static SandboxSettings from(EnvironmentContext context) {
		return SandboxSettings.from(key -> context.setting("sandbox." + key));
	}

	/**
	 * For commands that run outside environment-service: a system property, else the environment variable that
	 * Spring would read for the same setting.
	 */
	public static SandboxSettings from(Map<String, String> environment, Properties systemProperties) {
		return SandboxSettings.from(key -> Optional.ofNullable(systemProperties.getProperty(PREFIX + key))
			.or(() -> Optional.ofNullable(environment.get(environmentVariable(PREFIX + key)))));
	}

	/** This process's settings: {@link #from(Map, Properties)} with its own environment and system properties. */
	public static SandboxSettings ofThisProcess() {
		return from(System.getenv(), System.getProperties());
	}

	/** Why code would be refused under these settings (bubblewrap missing in isolated mode), naming the way out. */
	public static Optional<String> refusal(SandboxSettings settings) {
		return SandboxPool.isolationMissing(settings)
			.map(reason -> reason + " The setting is " + MODE_SETTING + "=unsafe-local (environment variable "
					+ environmentVariable(MODE_SETTING) + "=unsafe-local).");
	}

	/** Spring's environment-variable form of a property name: dots and dashes to underscores, upper case. */
	static String environmentVariable(String property) {
		return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

}
