package dev.gauntlet.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.gauntlet.environment.gsm8k.Gsm8kEnvironment;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.testing.OpenAiStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's command as a user would: {@code ./gauntlet up}, waits until every service is healthy, submits
 * a job with {@code ./gauntlet submit --wait} against a stub policy, reads the rewards back, stops the stack with
 * SIGTERM (what Ctrl-C sends to the JVM) and checks that no process is left behind.
 */
class GauntletUpIT {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	/** Issue 10's bound: at most 60 s from start to healthy on a 2-core machine ({@code -Dgauntlet.up.limit-seconds}). */
	static final Duration STARTUP_LIMIT = Duration.ofSeconds(Long.getLong("gauntlet.up.limit-seconds", 60));

	@TempDir
	Path data;

	@Test
	void upSubmitAndStopLeavesNothingBehind() throws Exception {
		Map<String, String> gold = new HashMap<>();
		Map<String, String> questionOfTask = new HashMap<>();
		for (Task task : new Gsm8kEnvironment().tasks().sample(1319, 0)) {
			gold.put(task.text("question"), task.text("answer"));
			questionOfTask.put(task.id(), task.text("question"));
		}
		Set<String> asked = ConcurrentHashMap.newKeySet();
		try (OpenAiStub policy = OpenAiStub.start(r -> {
			String question = OpenAiStub.lastUserMessage(r);
			asked.add(question);
			return OpenAiStub.Reply.answer(r, "#### " + gold.get(question));
		})) {
			ProcessBuilder up = new ProcessBuilder(ROOT.resolve("gauntlet").toString(), "up", "--data-dir", data.toString(),
					"--postgres-port", Integer.toString(freePort()), "--kafka-port", Integer.toString(freePort()))
				.directory(ROOT.toFile())
				.redirectErrorStream(true);
			up.environment().put("GAUNTLET_SKIP_BUILD", "1");
			Process process = up.start();
			long started = System.nanoTime();
			StringBuilder output = new StringBuilder();
			CompletableFuture<Void> ready = new CompletableFuture<>();
			Thread reader = Thread.ofVirtual().start(() -> follow(process, output, ready));
			List<ProcessHandle> children;
			try {
				awaitUp(ready, output);
				double seconds = (System.nanoTime() - started) / 1e9;
				System.out.printf("gauntlet up: start to healthy %.1f s (limit %d s)%n", seconds,
						STARTUP_LIMIT.toSeconds());
				children = process.toHandle().descendants().toList();
				assertThat(children).as("one process per service").hasSizeGreaterThanOrEqualTo(5);

				ProcessBuilder submitter = new ProcessBuilder(ROOT.resolve("gauntlet").toString(), "submit", "--env", "gsm8k",
						"--tasks", "3", "--samples", "2", "--policy-url", policy.baseUrl(), "--model", "stub", "--wait",
						"--timeout", "60")
					.directory(ROOT.toFile())
					.redirectError(ProcessBuilder.Redirect.INHERIT);
				submitter.environment().put("GAUNTLET_SKIP_BUILD", "1");
				Process submit = submitter.start();
				String printed = new String(submit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(submit.waitFor(90, TimeUnit.SECONDS)).isTrue();
				assertThat(submit.exitValue()).as(printed).isZero();
				JsonNode result = JsonMapper.builder().build().readTree(printed);
				assertThat(result.get("scored").asInt()).isEqualTo(6);
				assertThat(result.get("failed").asInt()).isZero();
				assertThat(result.get("meanReward").asDouble()).isEqualTo(1.0);
				assertThat(result.get("rollouts")).hasSize(6)
					.allSatisfy(r -> assertThat(r.get("reward").asDouble()).isEqualTo(1.0));
				assertThat(result.get("jobId").asString()).isNotBlank();
				// Each rollout names its task: 3 tasks, 2 samples each, exactly the questions the policy was asked.
				Map<String, Long> samplesPerTask = result.get("rollouts").valueStream()
					.collect(Collectors.groupingBy(r -> r.get("taskId").asString(), Collectors.counting()));
				assertThat(samplesPerTask).as(printed).hasSize(3).allSatisfy((task, n) -> assertThat(n).isEqualTo(2L));
				assertThat(questionOfTask).containsKeys(samplesPerTask.keySet().toArray(String[]::new));
				assertThat(samplesPerTask.keySet().stream().map(questionOfTask::get).collect(Collectors.toSet()))
					.isEqualTo(asked);
			}
			finally {
				// SIGTERM, as Ctrl-C's shutdown would. Through the handle: Process.destroy() also closes our end of
				// the output pipe, and the shutdown's own output would be lost.
				process.toHandle().destroy();
				assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output.toString()).isTrue();
				reader.join(30_000);
			}
			assertThat(output.toString()).contains("Stopped.");
			for (ProcessHandle child : children) {
				assertThat(child.isAlive()).as("service process " + child.pid()).isFalse();
			}
			assertThat(ProcessHandle.allProcesses()
				.filter(p -> p.info().commandLine().orElse("").contains(data.toString()))
				.toList()).as("processes using the data directory, PostgreSQL included").isEmpty();
			assertThat(Files.exists(data.resolve("postgres"))).isTrue();
		}
	}

	/** Waits for the "Gauntlet is up" line; past the limit, fails with what the launcher printed so far. */
	private static void awaitUp(CompletableFuture<Void> ready, StringBuilder output) throws Exception {
		try {
			ready.get(STARTUP_LIMIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			synchronized (output) {
				throw new AssertionError("not healthy within " + STARTUP_LIMIT.toSeconds() + " s:\n" + output, ex);
			}
		}
	}

	private static void follow(Process process, StringBuilder output, CompletableFuture<Void> ready) {
		try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				synchronized (output) {
					output.append(line).append('\n');
				}
				if (line.startsWith("Gauntlet is up")) {
					ready.complete(null);
				}
			}
			ready.completeExceptionally(new IllegalStateException("gauntlet up exited before it was up:\n" + output));
		}
		catch (IOException ex) {
			ready.completeExceptionally(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
