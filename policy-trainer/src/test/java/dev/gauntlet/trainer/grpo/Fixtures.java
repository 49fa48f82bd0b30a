package dev.gauntlet.trainer.grpo;

import java.util.List;
import java.util.UUID;

import dev.gauntlet.trainer.run.RunConfig;

/** Builders for GRPO unit tests. */
final class Fixtures {

	private Fixtures() {
	}

	static Sample ok(double reward) {
		return new Sample(UUID.randomUUID(), false, reward, reward, 10, 0, false, true, 5);
	}

	static Sample len(double reward, int length) {
		return new Sample(UUID.randomUUID(), false, reward, reward, length, length, false, true, 5);
	}

	static Sample version(double reward, long version) {
		return new Sample(UUID.randomUUID(), false, reward, reward, 10, 0, false, true, version);
	}

	static Sample truncated(double reward) {
		return new Sample(UUID.randomUUID(), false, reward, reward, 100, 0, true, true, 5);
	}

	static Sample failed() {
		return new Sample(UUID.randomUUID(), true, 0, 0, 0, 0, false, false, 5);
	}

	static Sample textOnly(double reward) {
		return new Sample(UUID.randomUUID(), false, reward, reward, 10, 0, false, false, 5);
	}

	static SampleGroup group(Sample... samples) {
		return new SampleGroup(UUID.randomUUID(), 0, "digits", null, false, List.of(samples));
	}

	static SampleGroup budgeted(int budget, Sample... samples) {
		return new SampleGroup(UUID.randomUUID(), 0, "digits", budget, false, List.of(samples));
	}

	/** A valid configuration with defaults, overridden by the JSON given. */
	static RunConfig config(String json) {
		RunConfig c = tools.jackson.databind.json.JsonMapper.builder().build().readValue(json, RunConfig.class);
		return RunConfigValidatorAccess.validate(c.withDefaults("http://localhost:8000"));
	}

}
