package dev.gauntlet.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One fresh process per input: a Python program run as {@code __main__}, or a command line
 * ({@link #argv}) exec'd in the work directory after {@link #files} are written there.
 *
 * @param pythonProgram the untrusted Python source, when {@code argv} is null
 * @param argv the command to exec (e.g. {@code java -ea Main.java}); absolute path first
 * @param files files written to the work directory (/tmp/work) before the first run
 * @param env the complete environment of an exec'd command (nothing of the host is added)
 * @param inputs stdin of each run; null means /dev/null
 * @param harnessProof hand the process a fresh secret on fd 3 and expect it back on fd 4; see
 *     {@link ProcessRun#proofOk()}
 * @param perRunWallTime deadline of one run
 * @param wallTime deadline for all runs together; runs past it are reported as skipped
 * @param maxOutputBytes stdout kept per run; more marks the run {@link ProcessRun#outputLimit()}
 * @param stopOnFailure after a run that crashed, timed out or hit a limit, skip the remaining inputs (reported
 *     as skipped but not timed out): with an all-or-nothing reward they cannot change the verdict
 */
public record ProcessesJob(
		@Nullable String pythonProgram,
		@Nullable List<String> argv,
		Map<String, String> files,
		Map<String, String> env,
		List<@Nullable String> inputs,
		boolean harnessProof,
		ResourceLimits limits,
		Duration perRunWallTime,
		Duration wallTime,
		long maxOutputBytes,
		boolean stopOnFailure) {

	public ProcessesJob {
		ResourceLimits.requireArgument((pythonProgram == null) != (argv == null),
				"exactly one of a python program and an argv is needed");
		argv = argv == null ? null : List.copyOf(argv);
		files = Map.copyOf(files);
		env = Map.copyOf(env);
		inputs = java.util.Collections.unmodifiableList(new ArrayList<>(inputs)); // List.copyOf rejects null stdin
	}

	public static ProcessesJob python(String program, List<@Nullable String> inputs, ResourceLimits limits,
			Duration perRun, Duration wall) {
		return new ProcessesJob(program, null, Map.of(), Map.of(), inputs, false, limits, perRun, wall,
				limits.maxFileBytes() > 0 ? limits.maxFileBytes() : 16L << 20, false);
	}
}
