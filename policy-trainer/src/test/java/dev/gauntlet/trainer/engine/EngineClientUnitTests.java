package dev.gauntlet.trainer.engine;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import dev.gauntlet.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.gauntlet.testing.ScriptedServer.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's replies are outside input too: against a real HTTP server, each bad one is an
 * {@link EngineException} that says what was wrong, a refusal is told apart from a failure worth retrying, and an
 * engine that stalls after its headers cannot hold a run past the timeout.
 */
@Timeout(20)
class EngineClientUnitTests {

	final ScriptedServer engine = ScriptedServer.start();

	final EngineClient client = new EngineClient(HttpClient.newHttpClient(), Duration.ofMillis(500));

	@AfterEach
	void stop() {
		engine.close();
	}

	String url() {
		return engine.uri().toString();
	}

	@Test
	void aTrainStepReplyGivesItsVersionAndOnlyItsFiniteNumericMetrics() {
		engine.then(reply(200, """
				{"weights_version": 7, "metrics": {"loss": 0.25, "note": "x", "bad": "NaN", "clip_frac": 0}}"""));

		EngineClient.StepResult result = client.train(url(), new byte[] { 1 });

		assertThat(result.weightsVersion()).isEqualTo(7);
		assertThat(result.metrics()).isEqualTo(Map.of("loss", 0.25, "clip_frac", 0.0));
	}

	@Test
	void aClientErrorIsARefusalWithTheProblemDetailOnOneLine() {
		engine.then(reply(422, "{\"title\": \"Unprocessable\", \"detail\": \"batch has\\nno sequences\"}"));

		assertThatThrownBy(() -> client.train(url(), new byte[] { 1 })).isInstanceOfSatisfying(EngineException.class,
				ex -> {
					assertThat(ex.rejected()).isTrue();
					assertThat(ex.getMessage()).endsWith("(HTTP 422): batch has no sequences");
				});
	}

	@Test
	void aServerErrorIsWorthRetrying() {
		engine.then(reply(503, "busy"));

		assertThatThrownBy(() -> client.weightsVersion(url())).isInstanceOfSatisfying(EngineException.class,
				ex -> assertThat(ex.rejected()).isFalse());
	}

	@Test
	void aReplyThatIsNotTheDocumentedJsonIsAnError() {
		engine.then(reply(200, "<html>proxy</html>"));
		assertThatThrownBy(() -> client.weightsVersion(url())).isInstanceOf(EngineException.class)
			.hasMessageContaining("not JSON");

		engine.reset();
		engine.then(reply(200, "{\"weights_version\": -1}"));
		assertThatThrownBy(() -> client.weightsVersion(url())).isInstanceOf(EngineException.class)
			.hasMessageContaining("no valid weights_version");

		engine.reset();
		engine.then(reply(200, "{\"weights_version\": 3}"));
		assertThatThrownBy(() -> client.saveCheckpoint(url(), "step-3")).isInstanceOf(EngineException.class)
			.hasMessageContaining("no path");
	}

	@Test
	void aReplyOverTheCapIsRefusedWhileItArrives() {
		engine.then(reply(200, "{\"weights_version\": 1, \"pad\": \"" + "x".repeat(EngineClient.MAX_REPLY_BYTES) + "\"}"));

		assertThatThrownBy(() -> client.weightsVersion(url())).isInstanceOf(EngineException.class)
			.hasMessageContaining("exceeds " + EngineClient.MAX_REPLY_BYTES + " bytes");
	}

	@Test
	void anEngineThatStallsAfterItsHeadersTimesOutAndTheCallIsAborted() throws InterruptedException {
		engine.then(engine.headersThenStall(30_000));
		long start = System.nanoTime();

		assertThatThrownBy(() -> client.train(url(), new byte[] { 1 })).isInstanceOf(EngineException.class)
			.hasMessageContaining("train step failed");

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (engine.hungUp() < 1 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(engine.hungUp()).as("the stalled call's connection was closed").isEqualTo(1);
	}

}
