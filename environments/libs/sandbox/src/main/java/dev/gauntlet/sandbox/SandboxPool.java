package dev.gauntlet.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A pool of pre-started sandboxes that run untrusted programs. Thread-safe; a run waits for a free
 * sandbox.
 *
 * <p>What each run gets (isolated mode):
 * <ul>
 *   <li>bubblewrap namespaces: no network (a fresh network namespace whose only interface is
 *       its own loopback), its own PID space, a read-only system (/usr and a few /etc files), a private
 *       size-capped tmpfs at /tmp as work directory, a fresh /proc, a minimal /dev, and no nested
 *       user namespaces;
 *   <li>a seccomp deny-list of risky system calls (ptrace, bpf, io_uring, userfaultfd, namespaces, ...);
 *   <li>an unprivileged host uid unique to its sandbox (setpriv when the verifier is root; uids are
 *       leased through lock files so that even two JVMs never share one);
 *   <li>rlimits on CPU time, address space, processes, file size (hence output) and open files;
 *   <li>a wall-clock deadline; afterwards every process in the sandbox except its two resident
 *       processes is killed, including setsid'd and double-forked ones, and /tmp is wiped;
 *   <li>an empty environment (PATH, HOME=/tmp and LANG only): no variable of the host leaks in;
 *   <li>a fresh process forked from a template that has never seen a job, so a program can find
 *       neither the tests nor an earlier program's data in its memory.
 * </ul>
 *
 * <p>What it does NOT protect against: kernel vulnerabilities (namespaces share the host kernel;
 * the seccomp filter is a deny-list of risky system calls, not an allow-list), reading world-readable files under /usr, CPU and memory-bandwidth
 * contention with the host, timing side channels between runs that share a worker, and anything at
 * all in {@link SandboxMode#UNSAFE_LOCAL} mode, which is rlimits and a deadline only.
 */
public final class SandboxPool implements AutoCloseable {
	private static final System.Logger LOG = System.getLogger(SandboxPool.class.getName());
	private static final Duration GRACE = Duration.ofSeconds(10);

	/** stderr kept per run: its last bytes, where the error is (a traceback ends there, however much came before). */
	public static final int STDERR_TAIL_BYTES = 8192;

	private final SandboxSettings settings;
	private final @Nullable String bwrapPath;
	private final BlockingQueue<Worker> idle;
	private final List<Worker> all = new ArrayList<>();
	private final ScheduledExecutorService watchdog;
	private final String script;

	private final Optional<Path> seccomp;
	private volatile boolean closed;

	private SandboxPool(SandboxSettings settings, @Nullable String bwrapPath, String script) {
		this.settings = settings;
		this.bwrapPath = bwrapPath;
		this.script = script;
		this.seccomp = settings.mode() == SandboxMode.ISOLATED ? SeccompFilter.install() : Optional.empty();
		this.idle = new ArrayBlockingQueue<>(settings.workers());
		this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "sandbox-watchdog");
			t.setDaemon(true);
			return t;
		});
	}

	/**
	 * Starts every sandbox of the pool now, so the first runs do not pay for it.
	 *
	 * @throws SandboxUnavailableException in isolated mode when bubblewrap is missing or cannot
	 *     create its namespaces: untrusted code is then never run
	 */
	public static SandboxPool start(SandboxSettings requested) {
		SandboxSettings settings = BindStaging.stage(requested);
		String bwrap = null;
		if (settings.mode() == SandboxMode.ISOLATED) {
			bwrap = SandboxCommand.locate(settings.bwrap())
				.orElseThrow(() -> new SandboxUnavailableException(bubblewrapNotFound(settings)));
		} else {
			LOG.log(System.Logger.Level.WARNING, SandboxMode.UNSAFE_LOCAL_WARNING);
		}
		SandboxPool pool = new SandboxPool(settings, bwrap, loadScript());
		UidAllocator uids = new UidAllocator(settings.uidLockDirectory(), settings.uidBase(), settings.uidCount());
		try {
			for (int i = 0; i < settings.workers(); i++) {
				Worker worker = new Worker(pool, settings.mode() == SandboxMode.ISOLATED ? uids.acquire() : null);
				pool.all.add(worker);
				worker.restart();
				pool.idle.add(worker);
			}
		} catch (IOException e) {
			pool.close();
			throw new SandboxUnavailableException("could not start the sandbox: " + e.getMessage()
					+ " (untrusted code will not be run)", e);
		}
		return pool;
	}

	/**
	 * Why untrusted code would be refused under these settings, before any pool starts: in isolated mode,
	 * bubblewrap is not found. Empty when a pool may start (for a preflight check such as {@code gauntlet up}).
	 */
	public static Optional<String> isolationMissing(SandboxSettings settings) {
		if (settings.mode() != SandboxMode.ISOLATED || SandboxCommand.locate(settings.bwrap()).isPresent()) {
			return Optional.empty();
		}
		return Optional.of(bubblewrapNotFound(settings));
	}

	private static String bubblewrapNotFound(SandboxSettings settings) {
		return "bubblewrap ('" + settings.bwrap() + "') was not found, so untrusted code will not be "
				+ "run. Install it (Debian/Ubuntu: apt-get install bubblewrap), or, on a machine where running "
				+ "model-written code without isolation is acceptable, set the sandbox mode to unsafe-local.";
	}

	public SandboxSettings settings() {
		return settings;
	}

	/** Runs Python tests that call the program's functions. */
	public FunctionsOutcome run(FunctionsJob job) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("kind", "functions");
		request.put("program", job.program());
		request.put("setup", job.setup());
		request.put("tests", job.tests().stream().map(code -> Map.of("code", code)).toList());
		request.put("bindings", job.bindings());
		request.put("autoBind", job.autoBind());
		request.put("limits", limits(job.limits()));
		request.put("judgeLimits", limits(new ResourceLimits(
				Math.max(job.limits().cpuSeconds(), 10), 2L << 30, 0, 16L << 20, 256)));
		request.put("wallMillis", job.wallTime().toMillis());
		request.put("maxOutputBytes", 64 * 1024);
		request.put("maxStderrBytes", STDERR_TAIL_BYTES);
		JsonNode reply = execute(request, job.wallTime());
		return reply == null ? timedOutFunctions() : Replies.functions(reply);
	}

	/** Runs one fresh process per input. */
	public ProcessesOutcome run(ProcessesJob job) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("kind", "processes");
		if (job.pythonProgram() != null) {
			request.put("program", job.pythonProgram());
		} else {
			request.put("argv", job.argv());
		}
		request.put("files", job.files());
		request.put("env", job.env());
		request.put("inputs", job.inputs());
		request.put("harnessProof", job.harnessProof());
		request.put("limits", limits(job.limits()));
		request.put("perRunWallMillis", job.perRunWallTime().toMillis());
		request.put("wallMillis", job.wallTime().toMillis());
		request.put("maxOutputBytes", job.maxOutputBytes());
		request.put("maxStderrBytes", STDERR_TAIL_BYTES);
		request.put("stopOnFailure", job.stopOnFailure());
		JsonNode reply = execute(request, job.wallTime());
		if (reply == null) {
			List<ProcessRun> runs = new ArrayList<>();
			for (int i = 0; i < job.inputs().size(); i++) {
				runs.add(new ProcessRun(false, null, null, null, true, "", 0, "", false, null));
			}
			return new ProcessesOutcome(runs);
		}
		return Replies.processes(reply);
	}

	/** Returns the zygote's reply, or null when the Java-side deadline killed the sandbox. */
	private @Nullable JsonNode execute(Map<String, Object> request, Duration wall) {
		if (closed) {
			throw new IllegalStateException("sandbox pool is closed");
		}
		Worker worker;
		try {
			worker = idle.take();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for a sandbox", e);
		}
		try {
			return worker.execute(request, wall.plus(GRACE));
		} finally {
			idle.add(worker);
		}
	}

	private static Map<String, Object> limits(ResourceLimits limits) {
		return Map.of(
				"cpuSeconds", limits.cpuSeconds(),
				"addressSpaceBytes", limits.addressSpaceBytes(),
				"maxProcesses", limits.maxProcesses(),
				"maxFileBytes", limits.maxFileBytes(),
				"maxOpenFiles", limits.maxOpenFiles());
	}

	private static FunctionsOutcome timedOutFunctions() {
		return new FunctionsOutcome(FunctionsOutcome.ProgramState.UNKNOWN, null, List.of(), false, true,
				null, null, "", "", false, null);
	}

	private static String loadScript() {
		try (InputStream in = SandboxPool.class.getResourceAsStream("zygote.py")) {
			if (in == null) {
				throw new IllegalStateException("zygote.py is missing from the sandbox jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Host process ids of the running sandboxes (for tests that check nothing is left behind). */
	List<Long> sandboxPids() {
		return all.stream().map(w -> w.zygote).filter(z -> z != null && z.alive()).map(Zygote::pid).toList();
	}

	@Override
	public void close() {
		closed = true;
		for (Worker worker : all) {
			worker.shutdown();
		}
		watchdog.shutdownNow();
	}

	static boolean runningAsRoot() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("Uid:")) {
					return line.split("\\s+")[1].equals("0");
				}
			}
		} catch (IOException ignored) {
			// not Linux: isolated mode will fail at bwrap anyway
		}
		return false;
	}

	/** One sandbox slot with its leased uid; restarted whenever its zygote dies or is recycled. */
	private static final class Worker {
		private final SandboxPool pool;
		private final UidAllocator.@Nullable Lease lease;
		private @Nullable Zygote zygote;
		private @Nullable Path unsafeRoot;

		Worker(SandboxPool pool, UidAllocator.@Nullable Lease lease) {
			this.pool = pool;
			this.lease = lease;
		}

		void restart() throws IOException {
			if (zygote != null) {
				zygote.close();
			}
			zygote = null;
			List<String> argv;
			if (pool.settings.mode() == SandboxMode.ISOLATED) {
				argv = SandboxCommand.isolated(pool.settings, pool.bwrapPath, lease.uid(), runningAsRoot(), pool.script,
						pool.seccomp);
			} else {
				if (unsafeRoot == null) {
					unsafeRoot = Files.createTempDirectory("gauntlet-unsafe-");
				}
				argv = SandboxCommand.unsafeLocal(pool.settings, pool.script, unsafeRoot);
			}
			zygote = Zygote.start(argv, pool.settings.startupTimeout(), pool.watchdog);
		}

		@Nullable JsonNode execute(Map<String, Object> request, Duration timeout) {
			IOException last = null;
			for (int attempt = 0; attempt < 2; attempt++) {
				try {
					if (zygote == null || !zygote.alive()) {
						restart();
					}
					JsonNode reply = zygote.call(request, timeout, pool.watchdog);
					if (!reply.path("templateAlive").asBoolean(false)) {
						zygote.close(); // it exits by itself; never reuse a sandbox whose template is gone
						zygote = null;
					}
					if (reply.has("error")) {
						throw new IOException("sandbox error: " + reply.path("error").asString(""));
					}
					return reply;
				} catch (Zygote.DeadlineException e) {
					zygote.close();
					zygote = null;
					return null;
				} catch (IOException e) {
					last = e;
					if (zygote != null) {
						zygote.close();
					}
					zygote = null;
				}
			}
			throw new SandboxFailureException("the sandbox failed twice on one job: " + last.getMessage(), last);
		}

		void shutdown() {
			if (zygote != null) {
				zygote.close();
			}
			if (lease != null) {
				lease.close();
			}
			if (unsafeRoot != null) {
				try (var paths = Files.walk(unsafeRoot)) {
					paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
				} catch (IOException ignored) {
					// a temp directory
				}
			}
		}
	}
}
