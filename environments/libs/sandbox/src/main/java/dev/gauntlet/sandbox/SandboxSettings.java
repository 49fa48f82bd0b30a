package dev.gauntlet.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.gauntlet.sandbox.ResourceLimits.requireArgument;

/**
 * Settings of a {@link SandboxPool}. Setting names (see {@link #from}) are public API.
 *
 * @param mode {@code isolated} (default) or {@code unsafe-local}
 * @param bwrap the bubblewrap binary; a bare name is looked up on PATH
 * @param setpriv the util-linux setpriv binary used to drop to an unprivileged uid when we are root
 * @param python the Python 3 interpreter that runs the zygote, as a path inside the sandbox
 * @param workers pre-started sandboxes, i.e. runs that can execute at once
 * @param uidBase first host uid handed to sandboxes; worker uids are unique per host (file locks)
 * @param uidCount how many uids from {@code uidBase} may be used
 * @param tmpfsBytes size of each sandbox's private /tmp (work directory, stdin/stdout files)
 * @param readOnlyBinds extra host paths made visible read-only inside the sandbox (e.g. a jar)
 * @param startupTimeout how long a sandbox may take to report ready
 * @param uidLockDirectory where the per-uid lock files live
 */
public record SandboxSettings(
		SandboxMode mode,
		String bwrap,
		String setpriv,
		String python,
		int workers,
		int uidBase,
		int uidCount,
		long tmpfsBytes,
		List<Bind> readOnlyBinds,
		Duration startupTimeout,
		Path uidLockDirectory) {

	/** A host path bound read-only at {@code sandboxPath}. */
	public record Bind(Path hostPath, String sandboxPath) {}

	public SandboxSettings {
		requireArgument(workers >= 1, "workers must be at least 1: " + workers);
		requireArgument(uidBase >= 1000, "uid base must be an unprivileged uid (>= 1000): " + uidBase);
		requireArgument(uidCount >= workers, "uid count " + uidCount + " is below workers " + workers);
		requireArgument(tmpfsBytes >= (1 << 20), "tmpfs must be at least 1 MiB: " + tmpfsBytes);
		readOnlyBinds = List.copyOf(readOnlyBinds);
	}

	/**
	 * Isolated, two workers per available processor (a run hands work between three processes and waits on
	 * pipes, so one worker per core leaves cores idle), /usr/bin/python3, 256 MiB tmpfs.
	 */
	public static SandboxSettings defaults() {
		return new SandboxSettings(
				SandboxMode.ISOLATED,
				"bwrap",
				"setpriv",
				"/usr/bin/python3",
				2 * Math.max(1, Runtime.getRuntime().availableProcessors()),
				61000,
				1000,
				256L << 20,
				List.of(),
				Duration.ofSeconds(20),
				Path.of(System.getProperty("java.io.tmpdir"), "gauntlet-sandbox-uids"));
	}

	/**
	 * Reads the settings a host keeps under its own prefix: {@code mode} ({@code isolated}|{@code unsafe-local}),
	 * {@code workers}, {@code python}, {@code bwrap}, {@code uid-base} and {@code tmpfs-bytes}; missing ones keep
	 * their defaults. The code environment reads them as {@code gauntlet.environments.code.sandbox.<key>}.
	 */
	public static SandboxSettings from(Function<String, Optional<String>> setting) {
		SandboxSettings d = defaults();
		return new SandboxSettings(
				SandboxMode.parse(setting.apply("mode").orElse("isolated")),
				setting.apply("bwrap").orElse(d.bwrap()),
				d.setpriv(),
				setting.apply("python").orElse(d.python()),
				setting.apply("workers").map(Integer::parseInt).orElse(d.workers()),
				setting.apply("uid-base").map(Integer::parseInt).orElse(d.uidBase()),
				d.uidCount(),
				setting.apply("tmpfs-bytes").map(Long::parseLong).orElse(d.tmpfsBytes()),
				d.readOnlyBinds(),
				d.startupTimeout(),
				d.uidLockDirectory());
	}

	public SandboxSettings withMode(SandboxMode newMode) {
		return new SandboxSettings(newMode, bwrap, setpriv, python, workers, uidBase, uidCount, tmpfsBytes,
				readOnlyBinds, startupTimeout, uidLockDirectory);
	}

	public SandboxSettings withWorkers(int count) {
		return new SandboxSettings(mode, bwrap, setpriv, python, count, uidBase, Math.max(uidCount, count),
				tmpfsBytes, readOnlyBinds, startupTimeout, uidLockDirectory);
	}

	public SandboxSettings withBwrap(String path) {
		return new SandboxSettings(mode, path, setpriv, python, workers, uidBase, uidCount, tmpfsBytes,
				readOnlyBinds, startupTimeout, uidLockDirectory);
	}

	public SandboxSettings withReadOnlyBind(Path hostPath, String sandboxPath) {
		List<Bind> binds = new ArrayList<>(readOnlyBinds);
		binds.add(new Bind(hostPath, sandboxPath));
		return new SandboxSettings(mode, bwrap, setpriv, python, workers, uidBase, uidCount, tmpfsBytes,
				binds, startupTimeout, uidLockDirectory);
	}
}
