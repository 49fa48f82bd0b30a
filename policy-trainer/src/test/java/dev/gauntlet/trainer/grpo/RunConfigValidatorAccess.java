package dev.gauntlet.trainer.grpo;

import dev.gauntlet.trainer.run.RunConfig;
import dev.gauntlet.trainer.run.RunConfigValidator;

final class RunConfigValidatorAccess {

	private RunConfigValidatorAccess() {
	}

	static RunConfig validate(RunConfig c) {
		return RunConfigValidator.validate(c);
	}

}
