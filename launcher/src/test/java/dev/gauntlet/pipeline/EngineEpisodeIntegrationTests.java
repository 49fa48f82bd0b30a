package dev.gauntlet.pipeline;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.contracts.Turn;
import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * rollout-service runs a multi-turn it-desk tool episode against Gauntlet's own policy engine: the engine runs as a
 * python3 subprocess on a free loopback port, on the CPU, serving a tiny NemotronH with the built-in tokenizer. The
 * tiny model was first fine-tuned in a few CPU seconds ({@code gauntlet_engine.generation.tool_agent_fixture}) to
 * call one it-desk tool after a user message and to answer "Done." after a tool response, so the episode is
 * deterministic at temperature 0: turn 1 is a tool call, environment-service runs it, turn 2 is the answer. The
 * test checks what rollout-service stored per turn against the engine itself: prompt and completion token ids,
 * per-token logprobs equal to a replay on the engine's {@code /v1/completions}, and the policy version.
 *
 * <p>The python is {@code $GAUNTLET_ENGINE_PYTHON}, else {@code python3} (it needs
 * policy-trainer/engine/requirements-cpu.txt).
 */
class EngineEpisodeIntegrationTests {

	static final Path ENGINE = Path.of("..", "policy-trainer", "engine").toAbsolutePath().normalize();

	static final String TOOL_CALL = "<tool_call>{\"name\": \"get_user\", \"arguments\": {\"user_id\": \"u1\"}}</tool_call>";

	static ServiceStack stack;

	static Process engine;

	static Http rollouts;

	static Http policy;

	static int enginePort;

	@BeforeAll
	static void start() throws Exception {
		String python = System.getenv().getOrDefault("GAUNTLET_ENGINE_PYTHON", "python3");
		Path work = Files.createTempDirectory("gauntlet-engine-it");
		Path model = work.resolve("tool-agent");
		Process fixture = python(python, work.resolve("fixture.log"), "gauntlet_engine.generation.tool_agent_fixture",
				"--out", model.toString(), "--tool", "get_user", "--arguments", "{\"user_id\": \"u1\"}");
		assertThat(fixture.waitFor(6, TimeUnit.MINUTES)).as("fixture training finished").isTrue();
		assertThat(fixture.exitValue()).as(Files.readString(work.resolve("fixture.log"))).isZero();
		enginePort = freePort();
		engine = python(python, work.resolve("engine.log"), "gauntlet_engine.server", "--hf-checkpoint",
				model.toString(), "--tokenizer", "builtin", "--device", "cpu", "--dtype", "float32", "--host",
				"127.0.0.1", "--port", Integer.toString(enginePort), "--max-model-len", "8192", "--max-num-seqs", "4",
				"--checkpoint-dir", work.resolve("checkpoints").toString());
		policy = Http.localhost(enginePort);
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			assertThat(engine.isAlive()).as(() -> log(work.resolve("engine.log"))).isTrue();
			try {
				if (policy.get("/health").status() == 200) {
					break;
				}
			}
			catch (RuntimeException ex) {
				// not listening yet
			}
			assertThat(System.nanoTime()).as("engine up within 120 s").isLessThan(deadline);
			Thread.sleep(250);
		}
		stack = ServiceStack.start("--gauntlet.rollout.policy-timeout=120s");
		rollouts = Http.localhost(ServiceStack.port(stack.rollouts));
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (stack != null) {
			stack.close();
		}
		if (engine != null) {
			engine.destroy();
			if (!engine.waitFor(10, TimeUnit.SECONDS)) {
				engine.destroyForcibly();
			}
		}
	}

	@Test
	void aMultiTurnToolEpisodeAgainstTheEngineStoresItsTokenIdsAndLogprobs() {
		Map<String, Object> job = Map.of("environment", "it-desk", "tasks", 1, "seed", 3, "samplesPerTask", 1,
				"policy", Map.of("baseUrl", "http://127.0.0.1:" + enginePort + "/v1", "model", "policy", "tokenIds", true),
				"sampling", Map.of("temperature", 0.0, "maxTokens", 120), "limits", Map.of("maxTurns", 4));
		Http.Reply reply = rollouts.post("/v1/jobs", job);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		UUID jobId = UUID.fromString(reply.json().get("id").asString());

		List<RolloutCompleted> done = completed(jobId);
		assertThat(done).hasSize(1);
		RolloutCompleted rollout = done.getFirst();
		List<Turn> turns = rollout.turns();
		assertThat(turns).as(rollout.toString()).hasSize(2);

		Turn call = turns.get(0);
		Turn answer = turns.get(1);
		assertThat(decode(call.completionTokenIds())).isEqualTo("</think>" + TOOL_CALL + "<|im_end|>");
		assertThat(decode(answer.completionTokenIds())).isEqualTo("</think>Done.<|im_end|>");
		assertThat(decode(call.promptTokenIds())).contains("<|im_start|>user\n").endsWith("<|im_start|>assistant\n<think>");
		// the second prompt holds the tool call and environment-service's tool response
		assertThat(decode(answer.promptTokenIds())).contains(TOOL_CALL).contains("<tool_response>")
			.endsWith("</tool_response><|im_end|>\n<|im_start|>assistant\n<think>");
		assertThat(rollout.messages().stream().map(m -> m.role().toString().toLowerCase()).toList())
			.containsSubsequence("user", "assistant", "tool", "assistant");

		for (Turn turn : turns) {
			assertThat(turn.completionLogprobs()).hasSameSizeAs(turn.completionTokenIds());
			assertThat(turn.completionMask()).matches("S+");
			assertThat(turn.policyVersion()).isZero();
			// the stored logprobs are the engine's: replaying the same tokens on /v1/completions gives them back
			JsonNode replay = policy.post("/v1/completions", Map.of("model", "policy", "prompt",
					turn.promptTokenIds(), "max_tokens", turn.completionTokenIds().size(), "temperature", 0.0,
					"logprobs", 0, "ignore_eos", true)).json();
			JsonNode choice = replay.get("choices").get(0);
			List<Integer> ids = new ArrayList<>();
			choice.get("token_ids").forEach(n -> ids.add(n.asInt()));
			assertThat(ids).isEqualTo(turn.completionTokenIds());
			JsonNode lps = choice.get("logprobs").get("token_logprobs");
			for (int i = 0; i < ids.size(); i++) {
				assertThat(turn.completionLogprobs().get(i)).isLessThanOrEqualTo(0.0)
					.isCloseTo(lps.get(i).asDouble(), within(1e-5));
			}
		}
	}

	/** The built-in tokenizer of the engine: 9 special tokens, newline, tab, then printable ASCII. */
	static String decode(List<Integer> ids) {
		String[] specials = { "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>",
				"</tool_call>", "<tool_response>", "</tool_response>" };
		StringBuilder out = new StringBuilder();
		for (int id : ids) {
			if (id < specials.length) {
				out.append(specials[id]);
			}
			else if (id == 9) {
				out.append('\n');
			}
			else if (id == 10) {
				out.append('\t');
			}
			else {
				out.append((char) (32 + id - 11));
			}
		}
		return out.toString();
	}

	static List<RolloutCompleted> completed(UUID jobId) {
		// The topic is shared with other tests, which put deliberately malformed records on it: pick this job's
		// records by their key (the group id, "jobId/groupIndex") before decoding anything.
		java.util.function.Predicate<ConsumerRecord<String, byte[]>> mine = r -> r.key() != null
				&& r.key().startsWith(jobId + "/");
		List<ConsumerRecord<String, byte[]>> records = TopicReader.read(ServiceStack.kafka(), Topics.ROLLOUTS_COMPLETED,
				rs -> rs.stream().anyMatch(mine), Duration.ofSeconds(180));
		return records.stream().filter(mine).map(r -> EventCodec.decode(r.value(), RolloutCompleted.class)).toList();
	}

	static Process python(String python, Path log, String module, String... args) throws IOException {
		List<String> cmd = new ArrayList<>(List.of(python, "-m", module));
		cmd.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(cmd).directory(ENGINE.toFile()).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		pb.environment().put("PYTHONPATH", ENGINE.resolve("src").toString());
		pb.environment().put("OMP_NUM_THREADS", "1");
		return pb.start();
	}

	static String log(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
