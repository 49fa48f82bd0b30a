package dev.gauntlet.rollout.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.gauntlet.rollout.RolloutServiceApplication;
import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.web.GauntletService;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load benchmark (docs/performance.md, "Rollout service load"): N concurrent rollouts through rollout-service
 * (REST submit, environment seed over HTTP, one policy call that takes exactly 1 s, the completed rollout written
 * with its outbox event in PostgreSQL and relayed to Kafka), against the baseline of the bare JDK HTTP client making
 * the same N policy calls at once to the same double. The doubles run in a child process.
 *
 * <p>Not part of the test suite (the name does not end in Tests). Run:
 * {@code ./mvnw -B -q -pl rollout-service test -Dtest=RolloutLoadBenchmark -Dbench.rollouts=10000
 * -Dsurefire.jvm.flags="-Xmx1g"}; results go to stdout and {@code rollout-service/target/rollout-bench.txt}.
 */
class RolloutLoadBenchmark {

	static final long DELAY_MS = 1000;

	@Test
	void run() throws Exception {
		int rollouts = Integer.getInteger("bench.rollouts", 10_000);
		int samples = 100;
		Process doubles = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
				"-Dsun.net.httpserver.maxIdleConnections=20000", "-Dsun.net.httpserver.idleInterval=300", "-cp",
				System.getProperty("java.class.path"), SlowDoubles.class.getName(), String.valueOf(DELAY_MS))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try {
			BufferedReader out = new BufferedReader(new InputStreamReader(doubles.getInputStream(), StandardCharsets.UTF_8));
			String[] ready = out.readLine().split(" ");
			String envUrl = ready[1];
			String policyUrl = ready[2];
			ConfigurableApplicationContext service = GauntletService
				.builder(RolloutServiceApplication.class, RolloutServiceApplication.NAME)
				.sources(InfrastructureTestConfiguration.class)
				.run("--server.port=0", "--gauntlet.rollout.environment-service-url=" + envUrl,
						"--gauntlet.rollout.policy-timeout=60s", "--gauntlet.rollout.endpoints.bench.base-url=" + policyUrl,
						"--gauntlet.rollout.endpoints.bench.model=double",
						"--gauntlet.rollout.endpoints.bench.max-in-flight=" + rollouts,
						"--logging.level.root=WARN");
			try {
				Http api = Http.localhost(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
				JdbcClient db = service.getBean(JdbcClient.class);
				String body = Files.readString(Path.of("src/test/resources/bench/chat-request.json"));

				bare(policyUrl, body, Math.min(1000, rollouts)); // warm-up
				runJob(api, db, 10, samples); // warm-up
				Phase baseline = measure(() -> bare(policyUrl, body, rollouts));
				Phase gauntlet = measure(() -> runJob(api, db, rollouts / samples, samples));

				String report = String.format("""
						Rollout load benchmark: %d concurrent rollouts, policy double answering each call after %d ms
						cores=%d maxHeap=%d MiB jdk=%s
						| path | wall s | rollouts/s | process CPU ms per rollout | peak heap MiB |
						|---|---|---|---|---|
						| bare JDK HttpClient, %d concurrent calls | %.2f | %.0f | %.3f | %d |
						| rollout-service: submit, seed, policy call, store + outbox + Kafka | %.2f | %.0f | %.3f | %d |
						ratio wall gauntlet/bare = %.2f; overhead per rollout: wall %.0f us (amortised), CPU %.3f ms
						heap before the gauntlet run: %d MiB
						%s
						bare call outcomes (no retries): %s
						""", rollouts, DELAY_MS, Runtime.getRuntime().availableProcessors(),
						Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), rollouts,
						baseline.wallSeconds(), rollouts / baseline.wallSeconds(), baseline.cpuMillis() / rollouts,
						baseline.peakHeapMiB(), gauntlet.wallSeconds(), rollouts / gauntlet.wallSeconds(),
						gauntlet.cpuMillis() / rollouts, gauntlet.peakHeapMiB(),
						gauntlet.wallSeconds() / baseline.wallSeconds(),
						(gauntlet.wallSeconds() - baseline.wallSeconds()) * 1e6 / rollouts,
						(gauntlet.cpuMillis() - baseline.cpuMillis()) / rollouts, gauntlet.startHeapMiB(), lastJobStats, bareOutcomes);
				System.out.println(report);
				Files.writeString(Path.of("target/rollout-bench.txt"), report);
			}
			finally {
				service.close();
			}
		}
		finally {
			doubles.getOutputStream().close();
			doubles.destroy();
			doubles.waitFor();
		}
	}

	static String bareOutcomes = "";

	/** The baseline: the same number of policy calls, all at once, from a bare client on virtual threads. */
	static void bare(String policyUrl, String body, int calls) {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
		List<Future<Integer>> results = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < calls; i++) {
				results.add(threads.submit(() -> client
					.send(HttpRequest.newBuilder(URI.create(policyUrl + "/chat/completions"))
						.timeout(Duration.ofSeconds(60))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofString())
					.statusCode()));
			}
		}
		Map<String, Long> errors = new java.util.TreeMap<>();
		for (Future<Integer> result : results) {
			String outcome = result.state() == Future.State.SUCCESS ? "HTTP " + result.resultNow()
					: String.valueOf(result.exceptionNow());
			errors.merge(outcome, 1L, Long::sum);
		}
		bareOutcomes = errors.toString();
		client.close();
	}

	/** Submits a job of {@code tasks × samples} rollouts and waits until every one is COMPLETED in the database. */
	static String lastJobStats = "";

	static void runJob(Http api, JdbcClient db, int tasks, int samples) {
		long submitStart = System.nanoTime();
		Http.Reply reply = api.post("/v1/jobs", Map.of("environment", "desk", "tasks", tasks, "samplesPerTask", samples,
				"policy", Map.of("endpoint", "bench"), "sampling", Map.of("maxTokens", 64)));
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		UUID job = UUID.fromString(reply.json().get("id").asString());
		double submitSeconds = (System.nanoTime() - submitStart) / 1e9;
		int expected = tasks * samples;
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		long done;
		do {
			sleep(50);
			done = db.sql("SELECT count(*) FROM rollout WHERE job_id = ? AND status <> 'PENDING'")
				.param(job)
				.query(Long.class)
				.single();
		}
		while (done < expected && System.nanoTime() < deadline);
		long completed = db.sql("SELECT count(*) FROM rollout WHERE job_id = ? AND status = 'COMPLETED'")
			.param(job)
			.query(Long.class)
			.single();
		String failures = db.sql("SELECT failure_cause || ': ' || count(*) || ' e.g. ' || min(failure_message) FROM rollout "
				+ "WHERE job_id = ? AND status = 'FAILED' GROUP BY failure_cause")
			.param(job)
			.query(String.class)
			.list()
			.toString();
		assertThat(completed).as("rollouts completed of " + expected + "; failures " + failures).isEqualTo(expected);
		lastJobStats = String.format("submit (select tasks, insert %d rows) %.2f s; ", expected, submitSeconds)
				+ db.sql("""
						SELECT format('rollout latency from job creation: min %s s, p50 %s s, p99 %s s, max %s s',
						  round(min(s)::numeric, 2), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s)::numeric, 2),
						  round(percentile_cont(0.99) WITHIN GROUP (ORDER BY s)::numeric, 2), round(max(s)::numeric, 2))
						FROM (SELECT extract(epoch FROM r.updated_at - j.created_at) AS s
						      FROM rollout r JOIN job j ON j.id = r.job_id WHERE r.job_id = ?) t
						""").param(job).query(String.class).single();
	}

	record Phase(double wallSeconds, double cpuMillis, long peakHeapMiB, long startHeapMiB) {
	}

	static Phase measure(Runnable work) throws InterruptedException {
		System.gc();
		Thread.sleep(500);
		var memory = ManagementFactory.getMemoryMXBean();
		var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long startHeap = memory.getHeapMemoryUsage().getUsed();
		AtomicLong peak = new AtomicLong(startHeap);
		AtomicBoolean running = new AtomicBoolean(true);
		Thread sampler = Thread.ofPlatform().daemon().start(() -> {
			while (running.get()) {
				peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
				sleep(10);
			}
		});
		long cpu = os.getProcessCpuTime();
		long start = System.nanoTime();
		work.run();
		double wall = (System.nanoTime() - start) / 1e9;
		double cpuMillis = (os.getProcessCpuTime() - cpu) / 1e6;
		running.set(false);
		sampler.join();
		return new Phase(wall, cpuMillis, peak.get() >> 20, startHeap >> 20);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
