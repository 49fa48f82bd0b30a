package dev.gauntlet.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.environment.code.CodeSandboxSettings;
import dev.gauntlet.infra.LocalInfrastructure;
import dev.gauntlet.sandbox.SandboxMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gauntlet up}: PostgreSQL and Kafka in this process, every service as a child process, data kept in a
 * directory that survives restarts. Ctrl-C (or SIGTERM) stops the services, then Kafka, then PostgreSQL, so
 * nothing is left behind.
 */
@Command(name = "up", description = "Run the whole platform locally on embedded PostgreSQL and Kafka.")
final class UpCommand implements Callable<Integer> {

	@ParentCommand
	GauntletCommand parent;

	@Option(names = "--data-dir", description = "Where PostgreSQL and Kafka keep their data (default: <root>/.gauntlet/data).")
	Path dataDir;

	@Option(names = "--postgres-port", defaultValue = "15432", description = "PostgreSQL port (default: ${DEFAULT-VALUE}).")
	int postgresPort;

	@Option(names = "--kafka-port", defaultValue = "19092", description = "Kafka port (default: ${DEFAULT-VALUE}).")
	int kafkaPort;

	@Option(names = "--startup-timeout", defaultValue = "120", description = "Seconds to wait for every service to be healthy.")
	int startupTimeoutSeconds;

	private final List<Process> services = new ArrayList<>();

	private final CountDownLatch stopped = new CountDownLatch(1);

	@Override
	public Integer call() throws Exception {
		Path root = parent.root.toAbsolutePath().normalize();
		Path home = root.resolve(".gauntlet");
		Path data = dataDir != null ? dataDir : home.resolve("data");
		Path logs = home.resolve("logs");
		Files.createDirectories(logs);
		for (ServiceSpec spec : ServiceSpec.ALL) {
			if (!Files.isRegularFile(spec.jar(root))) {
				System.err.println("Missing " + spec.jar(root) + ": build first (./gauntlet builds when needed).");
				return 2;
			}
		}
		Optional<String> noSandbox = bubblewrapMissing(System.getenv());
		if (noSandbox.isPresent()) {
			System.err.println("gauntlet up needs bubblewrap (Debian package bubblewrap) for the code environment's "
					+ "sandbox: " + noSandbox.get());
			return 2;
		}
		if (CodeSandboxSettings.from(System.getenv(), new Properties()).mode() == SandboxMode.UNSAFE_LOCAL) {
			System.err.println(SandboxMode.UNSAFE_LOCAL_WARNING);
		}
		long started = System.nanoTime();
		LocalInfrastructure infra = LocalInfrastructure.start(data, postgresPort, kafkaPort);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(infra), "gauntlet-shutdown"));

		for (ServiceSpec spec : ServiceSpec.ALL) {
			services.add(launch(root, spec, infra, logs));
		}
		if (!awaitHealthy(Duration.ofSeconds(startupTimeoutSeconds))) {
			System.err.println("Not every service became healthy; see the logs in " + logs);
			return 1;
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf("%nGauntlet is up (%.1f s). Data: %s  Logs: %s%n%n", seconds, data, logs);
		for (ServiceSpec spec : ServiceSpec.ALL) {
			System.out.printf("  %-20s %s  (API docs: %s/swagger-ui.html)%n", spec.name(), spec.url(), spec.url());
		}
		System.out.printf("  %-20s %s%n  %-20s 127.0.0.1:%d%n%nPress Ctrl-C to stop.%n", "postgresql",
				infra.postgres().jdbcUrl(), "kafka", kafkaPort);
		System.out.flush();
		stopped.await();
		return 0;
	}

	/**
	 * Why environment-service's code environment would refuse every program (isolated mode, no bubblewrap), told
	 * now rather than at the first code rollout. Read from the environment variables the services inherit
	 * ({@code GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_MODE}, {@code ..._BWRAP}); empty when the code environment is off.
	 */
	static Optional<String> bubblewrapMissing(Map<String, String> environment) {
		if ("false".equalsIgnoreCase(environment.get("GAUNTLET_ENVIRONMENTS_CODE_ENABLED"))) {
			return Optional.empty();
		}
		return CodeSandboxSettings.refusal(CodeSandboxSettings.from(environment, new Properties()));
	}

	private Process launch(Path root, ServiceSpec spec, LocalInfrastructure infra, Path logs) throws IOException {
		Path cds = logs.resolveSibling("cds");
		Files.createDirectories(cds);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// Small heaps and quick start: these JVMs serve one developer, not production traffic. The class-data
		// archive is written on the first start and makes every later start faster.
		command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + cds.resolve(spec.name() + ".jsa"),
				"-Xlog:cds=off", "-Xlog:cds+dynamic=off",
				"--enable-native-access=ALL-UNNAMED", "-jar", spec.jar(root).toString(), "--server.port=" + spec.port()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(spec.name() + ".log").toFile()));
		var env = builder.environment();
		env.put("GAUNTLET_DB_URL", infra.postgres().jdbcUrl());
		env.put("GAUNTLET_DB_USER", infra.postgres().username());
		env.put("GAUNTLET_DB_PASSWORD", infra.postgres().password());
		env.put("GAUNTLET_KAFKA_BOOTSTRAP", infra.kafka().bootstrapServers());
		env.put("GAUNTLET_ENVIRONMENT_SERVICE_URL", "http://localhost:8081");
		return builder.start();
	}

	private boolean awaitHealthy(Duration timeout) throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		List<ServiceSpec> waiting = new ArrayList<>(ServiceSpec.ALL);
		while (!waiting.isEmpty() && System.nanoTime() < deadline) {
			waiting.removeIf(spec -> healthy(http, spec));
			for (int i = 0; i < services.size(); i++) {
				if (!services.get(i).isAlive()) {
					System.err.println(ServiceSpec.ALL.get(i).name() + " exited with code "
							+ services.get(i).exitValue());
					return false;
				}
			}
			if (!waiting.isEmpty()) {
				Thread.sleep(250);
			}
		}
		return waiting.isEmpty();
	}

	private static boolean healthy(HttpClient http, ServiceSpec spec) {
		try {
			HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(spec.url() + "/actuator/health"))
				.timeout(Duration.ofSeconds(2))
				.build(), HttpResponse.BodyHandlers.ofString());
			boolean up = r.statusCode() == 200 && r.body().contains("\"UP\"");
			if (up) {
				System.out.println("  healthy: " + spec.name());
			}
			return up;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Stops services first (they use Kafka and PostgreSQL), then Kafka, then PostgreSQL. */
	private void shutdown(LocalInfrastructure infra) {
		System.out.println("Stopping Gauntlet...");
		for (Process p : services) {
			p.destroy(); // SIGTERM: Spring Boot shuts down gracefully
		}
		for (Process p : services) {
			try {
				if (!p.waitFor(20, TimeUnit.SECONDS)) {
					p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		infra.close();
		stopped.countDown();
		System.out.println("Stopped.");
	}

}
