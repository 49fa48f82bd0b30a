package dev.gauntlet.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the command line that starts one zygote. In isolated mode the zygote gets:
 * setpriv (drop to the leased uid, no supplementary groups) → bwrap with every namespace unshared
 * (no network, own PID space with the zygote as PID 1, own IPC/UTS/cgroup/user namespaces, nested
 * user namespaces disabled), a seccomp deny-list ({@link SeccompFilter}), a read-only view of /usr and the
 * few /etc files the interpreters need,
 * a size-capped private tmpfs at /tmp, a fresh /proc and a minimal /dev, and an empty environment.
 */
final class SandboxCommand {
	private SandboxCommand() {}

	static List<String> isolated(SandboxSettings settings, String bwrapPath, int uid, boolean dropUid,
			String script, Optional<Path> seccomp) {
		List<String> argv = new ArrayList<>();
		if (seccomp.isPresent()) {
			// bwrap reads the filter from a file descriptor; the shell opens it (as the verifier) on fd 9.
			argv.addAll(List.of("/bin/sh", "-c", "f=$1; shift; exec \"$@\" 9<\"$f\"", "sh",
					seccomp.get().toString()));
		}
		if (dropUid) {
			argv.addAll(List.of(settings.setpriv(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
		}
		argv.addAll(List.of(bwrapPath,
				"--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--as-pid-1",
				"--ro-bind", "/usr", "/usr",
				"--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
				"--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"));
		for (String etc : List.of("/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime")) {
			argv.addAll(List.of("--ro-bind-try", etc, etc));
		}
		for (SandboxSettings.Bind bind : settings.readOnlyBinds()) {
			argv.addAll(List.of("--ro-bind", bind.hostPath().toString(), bind.sandboxPath()));
		}
		if (seccomp.isPresent()) {
			argv.addAll(List.of("--seccomp", "9"));
		}
		argv.addAll(List.of(
				"--size", String.valueOf(settings.tmpfsBytes()), "--tmpfs", "/tmp",
				"--proc", "/proc", "--dev", "/dev",
				"--remount-ro", "/",
				"--chdir", "/",
				"--clearenv",
				"--setenv", "PATH", "/usr/bin:/bin",
				"--setenv", "HOME", "/tmp",
				"--setenv", "LANG", "C.UTF-8",
				"--"));
		argv.addAll(interpreter(settings, script));
		return argv;
	}

	/**
	 * No namespaces: the zygote gets a directory of its own (never the host's /tmp, which it would wipe) as
	 * its work root.
	 */
	static List<String> unsafeLocal(SandboxSettings settings, String script, Path root) {
		List<String> argv = new ArrayList<>(interpreter(settings, script));
		argv.add(root.toString());
		return argv;
	}

	private static List<String> interpreter(SandboxSettings settings, String script) {
		// -I: ignore PYTHON* variables, the user site and the current directory; -S: no site-packages.
		return List.of(settings.python(), "-I", "-S", "-c", script);
	}

	/** Resolves a bare binary name on PATH, as a shell would. */
	static Optional<String> locate(String binary) {
		if (binary.contains("/")) {
			return Files.isExecutable(Path.of(binary)) ? Optional.of(binary) : Optional.empty();
		}
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
		for (String dir : path.split(":")) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate.toString());
			}
		}
		for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
			Path candidate = Path.of(dir, binary);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate.toString());
			}
		}
		return Optional.empty();
	}
}
