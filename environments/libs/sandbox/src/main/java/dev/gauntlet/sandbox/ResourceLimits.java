package dev.gauntlet.sandbox;

/**
 * Kernel resource limits (setrlimit) applied to every process a run starts. Zero means "no limit".
 *
 * @param cpuSeconds CPU time of one process; SIGXCPU at the limit, SIGKILL one second later
 * @param addressSpaceBytes virtual memory of one process (RLIMIT_AS); Python turns it into MemoryError
 * @param maxProcesses processes and threads of the sandbox's uid (RLIMIT_NPROC); stops fork bombs
 * @param maxFileBytes largest file a process may write (RLIMIT_FSIZE); stdout and stderr are files
 *     too, so this is also the output cap
 * @param maxOpenFiles open file descriptors of one process (RLIMIT_NOFILE)
 */
public record ResourceLimits(
		int cpuSeconds, long addressSpaceBytes, int maxProcesses, long maxFileBytes, int maxOpenFiles) {

	/** Enough for contest-style Python programs; 1 GiB of address space, 64 processes, 16 MiB files. */
	public static final ResourceLimits PYTHON_DEFAULTS = new ResourceLimits(10, 1L << 30, 64, 16L << 20, 64);

	public ResourceLimits {
		requireArgument(cpuSeconds >= 0, "cpu seconds must not be negative: " + cpuSeconds);
		requireArgument(addressSpaceBytes >= 0, "address space must not be negative: " + addressSpaceBytes);
		requireArgument(maxProcesses >= 0, "max processes must not be negative: " + maxProcesses);
		requireArgument(maxFileBytes >= 0, "max file bytes must not be negative: " + maxFileBytes);
		requireArgument(maxOpenFiles >= 0, "max open files must not be negative: " + maxOpenFiles);
	}

	public ResourceLimits withCpuSeconds(int seconds) {
		return new ResourceLimits(seconds, addressSpaceBytes, maxProcesses, maxFileBytes, maxOpenFiles);
	}

	public ResourceLimits withAddressSpaceBytes(long bytes) {
		return new ResourceLimits(cpuSeconds, bytes, maxProcesses, maxFileBytes, maxOpenFiles);
	}

	public ResourceLimits withMaxProcesses(int processes) {
		return new ResourceLimits(cpuSeconds, addressSpaceBytes, processes, maxFileBytes, maxOpenFiles);
	}

	public ResourceLimits withMaxFileBytes(long bytes) {
		return new ResourceLimits(cpuSeconds, addressSpaceBytes, maxProcesses, bytes, maxOpenFiles);
	}

	static void requireArgument(boolean ok, String message) {
		if (!ok) {
			throw new IllegalArgumentException(message);
		}
	}
}
