package dev.gauntlet.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One hostile program per property. After every case the same sandbox must still pass a normal job
 * (the verifier is healthy), no process of the sandbox may be left besides its residents, and no
 * host process started by the program may exist.
 */
class SandboxAdversarialTests {
	static SandboxPool pool;
	static final ResourceLimits LIMITS = ResourceLimits.PYTHON_DEFAULTS.withCpuSeconds(5);

	@BeforeAll
	static void start() {
		pool = SandboxPool.start(SandboxSettings.defaults().withWorkers(1));
	}

	@AfterAll
	static void stop() {
		pool.close();
	}

	@AfterEach
	void sandboxIsHealthyAndClean() {
		FunctionsOutcome normal = pool.run(functions("def f(x):\n    return x * 2\n", "assert f(21) == 42", 5));
		assertThat(normal.allPassed()).as("a normal job passes after the attack").isTrue();
		for (long pid : pool.sandboxPids()) {
			// bwrap's process is the zygote (PID 1 inside); below it only the template and one spare
			// (plus, for a moment, the short-lived middle process of the spare's double fork).
			assertThat(residentsSettle(pid)).isLessThanOrEqualTo(3);
		}
		ProcessRun listing = run("import os\nprint(sorted(os.listdir('/tmp')))\n");
		assertThat(listing.stdout().strip()).isEqualTo("['io', 'work']");
	}

	static FunctionsJob functions(String program, String test, int wallSeconds) {
		return new FunctionsJob(program, "", List.of(test), Map.of(), true, LIMITS, Duration.ofSeconds(wallSeconds));
	}

	static ProcessRun run(String program) {
		return run(program, 5);
	}

	static ProcessRun run(String program, int wallSeconds) {
		return pool.run(ProcessesJob.python(program, Collections.singletonList(null), LIMITS,
				Duration.ofSeconds(wallSeconds), Duration.ofSeconds(wallSeconds))).runs().get(0);
	}

	@Test
	void forkBombIsStoppedByTheProcessLimitAndCleanedUp() {
		ProcessRun run = run("""
				import os, sys, time
				held = 0
				for _ in range(1000):
				    try:
				        if os.fork() == 0:
				            time.sleep(60)
				            os._exit(0)
				        held += 1
				    except OSError:
				        break
				print(held, flush=True)
				while True:
				    try:
				        os.fork()
				    except OSError:
				        pass
				""", 3);

		assertThat(run.timedOut()).isTrue();
		// RLIMIT_NPROC (64) counts every process of the sandbox's uid, its residents included.
		assertThat(Integer.parseInt(run.stdout().strip())).isBetween(1, LIMITS.maxProcesses());
	}

	@Test
	void memoryBombGetsMemoryError() {
		ProcessRun run = run("""
				chunks = []
				try:
				    while True:
				        chunks.append(bytes(64 << 20))  # calloc'd: address space, no page touching
				except MemoryError:
				    print('MemoryError after', len(chunks) * 64, 'MiB')
				""", 10);

		assertThat(run.stdout()).startsWith("MemoryError after");
		int mib = Integer.parseInt(run.stdout().split(" ")[2]);
		assertThat(mib).isLessThanOrEqualTo(1024);
	}

	@Test
	void infiniteLoopIsKilledAtTheWallClockDeadline() {
		long start = System.nanoTime();
		FunctionsOutcome outcome = pool.run(functions("def f():\n    while True:\n        pass\n", "f()", 2));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(outcome.timedOut()).isTrue();
		assertThat(outcome.allPassed()).isFalse();
		assertThat(took).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void gigabytesOfOutputStopAtTheFileSizeLimit() {
		ProcessRun run = run("""
				import sys
				chunk = 'x' * (1 << 20)
				for _ in range(4096):
				    sys.stdout.write(chunk)
				""");

		assertThat(run.outputLimit()).isTrue();
		assertThat(run.stdoutBytes()).isLessThanOrEqualTo(LIMITS.maxFileBytes());
		assertThat(run.exitCode()).isNotEqualTo(0);
	}

	@Test
	void megabytesOfStderrAreCutToTheirTailAndTheRunStillEnds() {
		// 8 MiB stays under the 16 MiB file-size limit, so the program runs to its end: only the tail is kept.
		ProcessRun run = run("""
				import sys
				line = 'e' * 1023 + '\\n'
				for _ in range(8 * 1024):
				    sys.stderr.write(line)
				sys.stderr.write('THE-END')
				print('answered')
				""");

		assertThat(run.exitCode()).isZero();
		assertThat(run.stdout()).isEqualTo("answered\n");
		assertThat(run.stderr()).hasSize(SandboxPool.STDERR_TAIL_BYTES).endsWith("\nTHE-END");
	}

	@Test
	void gigabytesOfStderrStopAtTheFileSizeLimitWithAVerdict() {
		FunctionsOutcome outcome = pool.run(functions("""
				import sys
				chunk = 'e' * (1 << 20)
				for _ in range(4096):
				    sys.stderr.write(chunk)
				def f(x):
				    return x
				""", "assert f(1) == 1", 10));

		// Writing past RLIMIT_FSIZE fails the program before the tests: a failure, reported, not a hang.
		assertThat(outcome.allPassed()).isFalse();
		assertThat(outcome.timedOut()).isFalse();
		assertThat(outcome.stderr().length()).isLessThanOrEqualTo(SandboxPool.STDERR_TAIL_BYTES);
	}

	@Test
	void tcpConnectionToAHostListenerFails() throws IOException {
		List<ServerSocket> listeners = new ArrayList<>();
		List<String> targets = new ArrayList<>();
		for (InetAddress address : hostAddresses()) {
			ServerSocket listener = new ServerSocket();
			listener.bind(new InetSocketAddress(address, 0));
			listener.setSoTimeout(300);
			listeners.add(listener);
			targets.add("('" + address.getHostAddress() + "', " + listener.getLocalPort() + ")");
		}
		try {
			ProcessRun run = run("""
					import socket
					for target in [%s]:
					    try:
					        socket.create_connection(target, timeout=1).close()
					        print('CONNECTED', target)
					    except OSError as e:
					        print('refused', target, type(e).__name__)
					""".formatted(String.join(", ", targets)));

			assertThat(run.stdout()).doesNotContain("CONNECTED").contains("refused");
			for (ServerSocket listener : listeners) {
				assertThat(acceptsSomething(listener)).isFalse();
			}
		} finally {
			for (ServerSocket listener : listeners) {
				listener.close();
			}
		}
	}

	@Test
	void aSecretFileOfTheHostCannotBeRead() throws IOException {
		Path secret = Files.createTempFile("gauntlet-secret", ".txt");
		Files.writeString(secret, "TOP-SECRET-4711");
		try {
			ProcessRun run = run("""
					for path in ['%s', '/etc/shadow', '/root/.bashrc', '/proc/1/environ', '/proc/1/mem']:
					    try:
					        print(path, open(path, 'rb').read(64))
					    except OSError as e:
					        print(path, 'denied', type(e).__name__)
					""".formatted(secret));

			assertThat(run.stdout()).doesNotContain("TOP-SECRET").contains(secret + " denied");
			assertThat(run.stdout()).contains("/etc/shadow denied");
		} finally {
			Files.delete(secret);
		}
	}

	@Test
	void theVerifiersEnvironmentVariablesAreNotVisible() {
		ProcessRun run = run("import os\nprint(sorted(os.environ))\n");

		assertThat(run.stdout().strip()).isEqualTo("['HOME', 'LANG', 'PATH']");
	}

	@Test
	void writingOutsideTheWorkDirectoryFailsAndNeverReachesTheHost() {
		String marker = "gauntlet-escape-" + ProcessHandle.current().pid();
		ProcessRun run = run("""
				import os
				for d in ['/usr', '/usr/lib', '/etc', '/', '/bin', '/proc/sys/kernel']:
				    try:
				        open(os.path.join(d, '%s'), 'w').write('x')
				        print('WROTE', d)
				    except OSError as e:
				        print('denied', d, type(e).__name__)
				open('/tmp/work/ok.txt', 'w').write('fine')
				print('work dir writable')
				""".formatted(marker));

		assertThat(run.stdout()).doesNotContain("WROTE").contains("work dir writable");
		for (String dir : List.of("/usr", "/usr/lib", "/etc", "/", "/bin", "/tmp")) {
			assertThat(Path.of(dir, marker)).doesNotExist();
		}
	}

	@Test
	void killingTheParentLeavesTheSandboxAndTheVerifierRunning() {
		FunctionsOutcome outcome = pool.run(functions("""
				import os, signal
				for pid in (os.getppid(), 1, %d):
				    try:
				        os.kill(pid, signal.SIGKILL)
				    except OSError:
				        pass
				os.kill(-1, signal.SIGKILL)
				def f(x):
				    return x
				""".formatted(ProcessHandle.current().pid()), "assert f(1) == 1", 5));

		// kill(-1) takes the judge down with it, so the verdict is a failure, never a pass; the zygote
		// (PID 1, immune to signals from inside) survives, and the afterEach check runs a normal job.
		assertThat(outcome.allPassed()).isFalse();
		assertThat(outcome.completed()).isFalse();
	}

	@Test
	void aDetachedSetsidChildIsKilledWhenTheRunEnds() throws Exception {
		String seconds = "4242." + ProcessHandle.current().pid();
		ProcessRun run = run("""
				import os
				if os.fork() == 0:
				    os.setsid()
				    if os.fork() == 0:
				        os.execv('/usr/bin/sleep', ['sleep', '%s'])
				    os._exit(0)
				print('parent done')
				""".formatted(seconds));

		assertThat(run.stdout()).contains("parent done");
		Thread.sleep(100);
		assertThat(ProcessHandle.allProcesses()
				.filter(p -> p.info().commandLine().orElse("").contains(seconds))).isEmpty();
	}

	@Test
	void riskyKernelInterfacesAreDeniedBySeccomp() {
		ProcessRun run = run("""
				import ctypes, errno
				libc = ctypes.CDLL(None, use_errno=True)
				for name, nr, args in [('ptrace', 101, (16, 1, 0, 0)), ('bpf', 321, (0, 0, 0)),
				                       ('io_uring_setup', 425, (8, 0)), ('userfaultfd', 323, (0,)),
				                       ('unshare', 272, (0x10000000,)), ('keyctl', 250, (0, 0))]:
				    result = libc.syscall(nr, *args)
				    print(name, result, errno.errorcode.get(ctypes.get_errno(), ctypes.get_errno()))
				""");

		assertThat(run.stdout().lines()).hasSize(6).allSatisfy(line -> assertThat(line).endsWith("-1 EPERM"));
	}

	@Test
	void exitZeroBeforeTheTestsIsNotAPass() {
		for (String exit : List.of("import sys\nsys.exit(0)\n", "import os\nos._exit(0)\n",
				"raise SystemExit(0)\n")) {
			FunctionsOutcome outcome = pool.run(functions(exit + "def f():\n    return 1\n", "assert f() == 1", 5));

			assertThat(outcome.allPassed()).as(exit).isFalse();
			assertThat(outcome.completed()).as(exit).isFalse();
			assertThat(outcome.program()).isEqualTo(FunctionsOutcome.ProgramState.DIED);
		}
	}

	@Test
	void fakeSuccessRecordsOnEveryFileDescriptorAreIgnored() {
		FunctionsOutcome outcome = pool.run(functions("""
				import json, os, struct
				for record in ({'program': 'ready'}, {'test': 0, 'ok': True}, {'done': True, 'count': 1}):
				    body = json.dumps(record).encode()
				    for fd in range(0, 64):
				        try:
				            os.write(fd, struct.pack('>I', len(body)) + body)
				        except OSError:
				            pass
				print('PASSED')
				os._exit(0)
				""", "assert False", 5));

		assertThat(outcome.allPassed()).isFalse();
		assertThat(outcome.completed()).isFalse();
	}

	@Test
	void theProgramCannotSeeTheTestsInItsMemory() {
		FunctionsOutcome outcome = pool.run(functions("""
				# Looks for the test's marker in every object, frame and code constant it can reach, and in
				# its raw memory if it can read it. The marker is matched as the prefix EXPECTED- followed by
				# the code points of 7, 9, 1, 9, so that the program never builds the whole marker itself.
				import gc, sys, types
				def leaks(text):
				    if isinstance(text, bytes):
				        text = text.decode('latin-1')
				    if not isinstance(text, str):
				        return False
				    i = text.find('EXPECTED-')
				    while i >= 0:
				        if [ord(c) for c in text[i + 9:i + 13]] == [55, 57, 49, 57]:
				            return True
				        i = text.find('EXPECTED-', i + 1)
				    return False
				found = False
				for o in gc.get_objects():
				    items = o.values() if isinstance(o, dict) else o if isinstance(o, (list, tuple, set)) else ()
				    found = found or any(leaks(x) for x in items)
				    if isinstance(o, types.FunctionType):
				        found = found or any(leaks(c) for c in o.__code__.co_consts)
				f = sys._getframe()
				while f:
				    found = found or any(leaks(v) for v in list(f.f_locals.values()) + list(f.f_globals.values()))
				    f = f.f_back
				try:
				    mem = open('/proc/self/mem', 'rb', 0)
				    print('own memory readable')
				except OSError:
				    print('own memory not readable')
				def answer():
				    return 'found' if found else 'hidden'
				""", "assert answer() == 'hidden', 'EXPECTED-7919'", 5));

		assertThat(outcome.allPassed()).isTrue();
	}

	@Test
	void objectsThatEqualEverythingCannotCrossToTheJudge() {
		FunctionsOutcome outcome = pool.run(functions("""
				class Anything:
				    def __eq__(self, other):
				        return True
				def f():
				    return Anything()
				""", "assert f() == 42", 5));

		assertThat(outcome.allPassed()).isFalse();
		assertThat(outcome.tests().get(0).error()).contains("plain data only");
	}

	private static long residentsSettle(long sandboxPid) {
		long count = Long.MAX_VALUE;
		for (int i = 0; i < 50 && count > 3; i++) {
			count = ProcessHandle.of(sandboxPid).orElseThrow().descendants().filter(ProcessHandle::isAlive).count();
			try {
				Thread.sleep(20);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		return count;
	}

	private static List<InetAddress> hostAddresses() throws IOException {
		List<InetAddress> addresses = new ArrayList<>(List.of(InetAddress.getLoopbackAddress()));
		for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			for (InetAddress address : Collections.list(nic.getInetAddresses())) {
				if (!address.isLoopbackAddress() && address.getAddress().length == 4) {
					addresses.add(address);
				}
			}
		}
		return addresses;
	}

	private static boolean acceptsSomething(ServerSocket listener) throws IOException {
		try {
			listener.accept().close();
			return true;
		} catch (SocketTimeoutException e) {
			return false;
		}
	}
}
