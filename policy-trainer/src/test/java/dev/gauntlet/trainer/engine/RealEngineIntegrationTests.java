package dev.gauntlet.trainer.engine;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gauntlet.contracts.Turn;
import org.junit.jupiter.api.AfterAll;
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

	static EngineProcess engine;

	static String url;

	static final EngineClient client = new EngineClient(HttpClient.newHttpClient(), Duration.ofMinutes(2));

	@BeforeAll
	static void startEngine() throws Exception {
		engine = EngineProcess.start("--lr", "1e-3");
		url = engine.url();
	}

	@AfterAll
	static void stopEngine() {
		if (engine != null) {
			engine.close();
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
