package dev.gauntlet.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Untrusted code never runs bare by accident: only an explicit unsafe-local setting allows it. */
class SandboxModeIntegrationTests {

	@Test
	void missingBubblewrapRefusesToStartWithAClearError() {
		assertThatThrownBy(() -> SandboxPool.start(SandboxSettings.defaults().withWorkers(1).withBwrap("/nonexistent/bwrap")))
				.isInstanceOf(SandboxUnavailableException.class)
				.hasMessageContaining("bubblewrap")
				.hasMessageContaining("apt-get install bubblewrap")
				.hasMessageContaining("unsafe-local");
	}

	@Test
	void theJavaSideDeadlineKillsASandboxThatNeverAnswers() {
		var watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
		try {
			long start = System.nanoTime();
			// A "sandbox" that never speaks: the watchdog must kill its whole process tree.
			assertThatThrownBy(() -> Zygote.start(List.of("/bin/sh", "-c", "sleep 4711 & sleep 4712; wait"),
					Duration.ofSeconds(1), watchdog))
				.hasMessageContaining("sandbox deadline expired");

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
			assertThat(ProcessHandle.allProcesses()
				.filter(p -> p.info().commandLine().orElse("").matches(".*sleep 471[12].*"))).isEmpty();
		}
		finally {
			watchdog.shutdownNow();
		}
	}

	@Test
	void missingBubblewrapIsReportedBeforeAnyPoolStarts() {
		SandboxSettings noBwrap = SandboxSettings.defaults().withBwrap("/nonexistent/bwrap");

		assertThat(SandboxPool.isolationMissing(noBwrap)).hasValueSatisfying(reason -> assertThat(reason)
			.contains("/nonexistent/bwrap")
			.contains("apt-get install bubblewrap"));
		assertThat(SandboxPool.isolationMissing(noBwrap.withMode(SandboxMode.UNSAFE_LOCAL))).isEmpty();
		assertThat(SandboxPool.isolationMissing(SandboxSettings.defaults())).as("bwrap is on this PATH").isEmpty();
	}

	@Test
	void settingsAreReadByTheirNamesAndTheRestKeepDefaults() {
		Map<String, String> given = Map.of("mode", "unsafe-local", "workers", "3", "bwrap", "/opt/bwrap",
				"tmpfs-bytes", "2097152");
		SandboxSettings read = SandboxSettings.from(key -> java.util.Optional.ofNullable(given.get(key)));

		assertThat(read.mode()).isEqualTo(SandboxMode.UNSAFE_LOCAL);
		assertThat(read.workers()).isEqualTo(3);
		assertThat(read.bwrap()).isEqualTo("/opt/bwrap");
		assertThat(read.tmpfsBytes()).isEqualTo(2L << 20);
		assertThat(read.python()).isEqualTo(SandboxSettings.defaults().python());
		assertThat(SandboxSettings.from(key -> java.util.Optional.empty()).mode()).isEqualTo(SandboxMode.ISOLATED);
		assertThatThrownBy(() -> SandboxMode.parse("off")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void unsafeLocalRunsWithLimitsButWithoutNamespacesAndLeavesTheHostTmpAlone() throws Exception {
		java.nio.file.Path marker = java.nio.file.Files.createTempFile("gauntlet-marker", ".txt");
		try (SandboxPool pool = SandboxPool.start(
				SandboxSettings.defaults().withWorkers(1).withMode(SandboxMode.UNSAFE_LOCAL).withBwrap("/nonexistent"))) {
			FunctionsOutcome outcome = pool.run(new FunctionsJob(
					"import os\ndef pid():\n    return os.getpid()\n", "", List.of("assert pid() > 1"), Map.of(), true,
					ResourceLimits.PYTHON_DEFAULTS, Duration.ofSeconds(5)));

			// Not PID 1's namespace: the program sees host pids, which is what "no isolation" means.
			assertThat(outcome.allPassed()).isTrue();
		} finally {
			// The zygote wipes its work root after every run; in unsafe-local mode that must be its own directory.
			assertThat(marker).exists();
			java.nio.file.Files.delete(marker);
		}
	}
}
