package dev.gauntlet.trainer.engine;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The real engine (policy-trainer/engine) as a child process: {@code python -m gauntlet_engine.server
 * --debug-model} (or the {@code --model-config} that the extra arguments name) on a free port, with Python from
 * {@code -Dengine.python} (default python3). Aborts the calling test, saying why, when that Python cannot import
 * the engine's requirements.
 */
public final class EngineProcess implements AutoCloseable {

	private final Process process;

	private final String url;

	private final Path checkpoints;

	private EngineProcess(Process process, String url, Path checkpoints) {
		this.process = process;
		this.url = url;
		this.checkpoints = checkpoints;
	}

	private static String python() {
		return System.getProperty("engine.python", "python3");
	}

	/** Whether the configured Python can import the engine's requirements (a test that must run checks this). */
	public static boolean requirementsImportable() throws IOException, InterruptedException {
		Process probe = new ProcessBuilder(python(), "-c", "import torch, aiohttp").redirectErrorStream(true).start();
		return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
	}

	public static EngineProcess start(String... extraArgs) throws IOException, InterruptedException {
		String python = python();
		File dir = new File(System.getProperty("engine.dir", "engine"));
		Assumptions.assumeTrue(requirementsImportable(), "the engine's Python requirements are not importable by "
				+ python + " (pip install -r policy-trainer/engine/requirements-cpu.txt, or pass -Dengine.python)");
		int port;
		try (ServerSocket s = new ServerSocket(0)) {
			port = s.getLocalPort();
		}
		Path checkpoints = Files.createTempDirectory("gauntlet-engine-ckpt");
		List<String> command = new ArrayList<>(List.of(python, "-m", "gauntlet_engine.server", "--port",
				Integer.toString(port), "--checkpoint-dir", checkpoints.toString()));
		if (!List.of(extraArgs).contains("--model-config")) {
			command.add("--debug-model"); // the engine takes one model source
		}
		command.addAll(List.of(extraArgs));
		ProcessBuilder pb = new ProcessBuilder(command).directory(dir)
			.redirectErrorStream(true)
			.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "gauntlet-engine-it-" + port + ".log"));
		pb.environment().put("PYTHONPATH", new File(dir, "src").getAbsolutePath());
		pb.environment().put("OMP_NUM_THREADS", "1");
		EngineProcess engine = new EngineProcess(pb.start(), "http://127.0.0.1:" + port, checkpoints);
		EngineClient client = new EngineClient(HttpClient.newHttpClient(), Duration.ofSeconds(10));
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			try {
				client.weightsVersion(engine.url);
				return engine;
			}
			catch (EngineException ex) {
				if (!engine.process.isAlive() || System.nanoTime() > deadline) {
					engine.close();
					throw new IllegalStateException("the engine did not start: " + ex.getMessage());
				}
				Thread.sleep(250);
			}
		}
	}

	public String url() {
		return url;
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (var files = Files.walk(checkpoints)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory; best effort
		}
	}

}
