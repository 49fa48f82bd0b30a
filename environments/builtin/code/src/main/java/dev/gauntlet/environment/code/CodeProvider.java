package dev.gauntlet.environment.code;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.EnvironmentProvider;
import dev.gauntlet.sandbox.SandboxMode;
import dev.gauntlet.sandbox.SandboxSettings;

/**
 * Registers {@link CodeEnvironment} with environment-service, with the sandbox settings of
 * {@link CodeSandboxSettings#from(EnvironmentContext)}. The sandbox pool starts on the first verification, so a
 * service on a machine without bubblewrap still starts; verifications then fail with the reason, never a reward.
 * With {@code unsafe-local} the warning is logged here, at start-up, not only when the first program runs.
 */
public final class CodeProvider implements EnvironmentProvider {

	private static final System.Logger LOG = System.getLogger(CodeProvider.class.getName());

	@Override
	public String name() {
		return CodeEnvironment.NAME;
	}

	@Override
	public Environment create(EnvironmentContext context) {
		SandboxSettings sandbox = CodeSandboxSettings.from(context);
		if (sandbox.mode() == SandboxMode.UNSAFE_LOCAL) {
			LOG.log(System.Logger.Level.WARNING, "code environment: " + SandboxMode.UNSAFE_LOCAL_WARNING + " ("
					+ CodeSandboxSettings.MODE_SETTING + "=unsafe-local)");
		}
		return new CodeEnvironment(CodeSettings.defaults(), sandbox);
	}

}
