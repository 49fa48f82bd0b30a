package dev.gauntlet.trainer.engine;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.contracts.Turn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Java side against the real engine (policy-trainer/engine, tiny NemotronH on CPU), over real HTTP: batches
 * built by {@link TrainBatch} and every loss option the run configuration offers are accepted and trained on, and
 * what the engine refuses comes back as a rejected {@link EngineException}. Python is {@code -Dengine.python}
 * (default python3); the test is skipped, saying why, when that Python cannot import the engine's requirements.
 */
class RealEngineIntegrationTests {

	static Process engine;

	static String url;

	static Path checkpoints;

	static final EngineClient client = new EngineClient(HttpClient.newHttpClient(), Duration.ofMinutes(2));

	@BeforeAll
	static void startEngine() throws Exception {
		String python = System.getProperty("engine.python", "python3");
		File dir = new File(System.getProperty("engine.dir", "engine"));
		Process probe = new ProcessBuilder(python, "-c", "import torch, aiohttp").redirectErrorStream(true).start();
		boolean ok = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
		Assumptions.assumeTrue(ok, "the engine's Python requirements are not importable by " + python
				+ " (pip install -r policy-trainer/engine/requirements-cpu.txt, or pass -Dengine.python)");
		int port;
		try (ServerSocket s = new ServerSocket(0)) {
			port = s.getLocalPort();
		}
		checkpoints = Files.createTempDirectory("gauntlet-engine-ckpt");
		ProcessBuilder pb = new ProcessBuilder(python, "-m", "gauntlet_engine.server", "--debug-model", "--port",
				Integer.toString(port), "--checkpoint-dir", checkpoints.toString(), "--lr", "1e-3")
			.directory(dir)
			.redirectErrorStream(true)
			.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "gauntlet-engine-it.log"));
		pb.environment().put("PYTHONPATH", new File(dir, "src").getAbsolutePath());
		pb.environment().put("OMP_NUM_THREADS", "1");
		engine = pb.start();
		url = "http://127.0.0.1:" + port;
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			try {
				client.weightsVersion(url);
				return;
			}
			catch (EngineException ex) {
				if (!engine.isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException("the engine did not start: " + ex.getMessage());
				}
				Thread.sleep(250);
			}
		}
	}

	@AfterAll
	static void stopEngine() throws IOException {
		if (engine != null) {
			engine.destroy();
			try {
				if (!engine.waitFor(10, TimeUnit.SECONDS)) {
					engine.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (checkpoints != null) {
			try (var files = Files.walk(checkpoints)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	/** Rollouts of the tiny model's vocabulary (128 ids) with behaviour logprobs, one of them with a forced token. */
	static List<TrainBatch.Item> items() {
		List<TrainBatch.Item> items = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			List<Integer> prompt = List.of(1, 5 + i, 9, 17);
			List<Integer> completion = List.of(20 + i, 40 + i, 60 + i, 2);
			Turn turn = i == 3 ? new Turn(prompt, completion, List.of(-4.0, -4.5, -5.0, -4.8), "SSFS")
					: Turn.sampled(prompt, completion, List.of(-4.0, -4.5, -5.0, -4.8));
			items.add(new TrainBatch.Item(TrainBatchUnitTests.rollout(List.of(turn)), i % 2 == 0 ? 0.8 : -0.8, i == 2));
		}
		return items;
	}

	@Test
	void theEngineTrainsOnBatchesBuiltInJavaWithEveryLossOption() {
		long before = client.weightsVersion(url);
		TrainBatch batch = TrainBatch.build(items(), TrainBatchUnitTests.config(""));
		EngineClient.StepResult result = client.train(url, batch.body());
		assertThat(result.weightsVersion()).isEqualTo(before + 1);
		assertThat(result.metrics()).containsKeys("loss", "clip_fraction", "kl", "entropy", "grad_norm");
		assertThat(result.metrics().get("tokens")).isEqualTo(batch.tokens());
		assertThat(result.metrics().get("loss_tokens")).isEqualTo(batch.lossTokens());

		for (String loss : List.of(
				"\"gspo\": true, \"dualClip\": 3.0",
				"\"aggregation\": \"SEQ_MEAN_TOKEN_MEAN\", \"entropyCoef\": 0.01",
				"\"aggregation\": \"SEQ_MEAN_TOKEN_SUM_NORM\", \"drGrpoConstant\": 64",
				"\"offPolicy\": {\"mode\": \"TIS\", \"tisCap\": 2.5}",
				"\"offPolicy\": {\"mode\": \"MASK\", \"maskThreshold\": 1.5}",
				"\"offPolicy\": {\"mode\": \"TIS_MASK\"}, \"epsLow\": 0.1, \"epsHigh\": 0.1")) {
			var config = TrainBatchUnitTests.config(", \"loss\": {" + loss + "}");
			long v = client.train(url, TrainBatch.build(items(), config).body()).weightsVersion();
			assertThat(v).as(loss).isEqualTo(client.weightsVersion(url));
		}
		EngineClient.Checkpoint saved = client.saveCheckpoint(url, "java-it");
		assertThat(saved.path()).contains("java-it");
		assertThat(saved.weightsVersion()).isEqualTo(before + 7);
	}

	@Test
	void whatTheEngineRefusesIsARejectionWithItsReason() {
		long before = client.weightsVersion(url);
		// the engine has no reference model: KL needs one (see the report: an engine change)
		var kl = TrainBatchUnitTests.config(", \"loss\": {\"klCoef\": 0.01}");
		EngineException ex = catchThrowableOfType(EngineException.class,
				() -> client.train(url, TrainBatch.build(items(), kl).body()));
		assertThat(ex.rejected()).isTrue();
		assertThat(ex.getMessage()).contains("kl_coef");
		assertThat(client.weightsVersion(url)).isEqualTo(before);
	}

}
