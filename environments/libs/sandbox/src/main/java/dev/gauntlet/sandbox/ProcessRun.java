package dev.gauntlet.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * One process run of a {@link ProcessesJob}.
 *
 * @param skipped this input was never run: the job's overall deadline had passed ({@code timedOut} is then
 *     true), or an earlier run failed under {@link ProcessesJob#stopOnFailure()}
 * @param compileError the Python program did not compile (then no later input is run)
 * @param exitCode exit status, when it exited normally
 * @param signal the signal that killed it (e.g. 9 after the CPU hard limit, 24 SIGXCPU, 25 SIGXFSZ)
 * @param timedOut the per-run or overall wall-clock deadline killed it
 * @param stdoutBytes the full size of what it wrote to stdout (only the first part is kept)
 * @param stderr the last {@link SandboxPool#STDERR_TAIL_BYTES} bytes it wrote to stderr
 * @param outputLimit it wrote more than the job keeps, or reached the file-size limit
 * @param proofOk with {@link ProcessesJob#harnessProof()}: it wrote the secret back on fd 4
 */
public record ProcessRun(
		boolean skipped,
		@Nullable String compileError,
		@Nullable Integer exitCode,
		@Nullable Integer signal,
		boolean timedOut,
		String stdout,
		long stdoutBytes,
		String stderr,
		boolean outputLimit,
		@Nullable Boolean proofOk) {}
