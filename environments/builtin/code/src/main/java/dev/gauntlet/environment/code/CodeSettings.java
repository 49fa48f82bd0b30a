package dev.gauntlet.environment.code;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the code verifier.
 *
 * @param rewardMode {@link RewardMode#ALL_PASS} (1 only when every test passes) or {@link RewardMode#PASS_FRACTION}
 * @param functionsWallTime deadline of one HumanEval/MBPP/functional verification, all tests together
 * @param processesWallCap upper bound on the deadline of a stdio verification (per-run time × tests + 5 s)
 * @param maxOutputBytes stdout kept per run for comparison
 * @param runtimes the languages, by name
 * @param javaHome the JDK whose {@code bin/java} runs Java programs inside the sandbox
 * @param javaClasspath jars for Java programs (bound read-only into the sandbox); null finds javatuples on our
 * classpath, which the HumanEval-Java prompts import
 */
public record CodeSettings(RewardMode rewardMode, Duration functionsWallTime, Duration processesWallCap,
		long maxOutputBytes, Map<String, LanguageRuntime> runtimes, Path javaHome, @Nullable Path javaClasspath) {

	public enum RewardMode {

		ALL_PASS, PASS_FRACTION

	}

	public CodeSettings {
		runtimes = Map.copyOf(runtimes);
	}

	public static CodeSettings defaults() {
		return new CodeSettings(RewardMode.ALL_PASS, Duration.ofSeconds(15), Duration.ofSeconds(120), 4L << 20,
				LanguageRuntime.defaults(), Path.of(System.getProperty("java.home")), null);
	}

	public CodeSettings withRuntime(LanguageRuntime runtime) {
		Map<String, LanguageRuntime> all = new java.util.HashMap<>(runtimes);
		all.put(runtime.name(), runtime);
		return new CodeSettings(rewardMode, functionsWallTime, processesWallCap, maxOutputBytes, all, javaHome,
				javaClasspath);
	}

	public CodeSettings withRewardMode(RewardMode mode) {
		return new CodeSettings(mode, functionsWallTime, processesWallCap, maxOutputBytes, runtimes, javaHome,
				javaClasspath);
	}

}
