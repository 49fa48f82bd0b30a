package dev.gauntlet.trainer.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test double of the engine's internal HTTP API (docs/engine.md) over real HTTP: it parses the safetensors body
 * with {@link SafetensorsReader}, applies the engine's checks (required tensors, dtypes, shapes, cu_seqlens, token
 * range, log-probabilities, known loss options) and answers 400 problem+json like the engine. Each accepted step
 * increments the weights version and is recorded, so tests see exactly what was trained and how often.
 */
public final class EngineDouble implements AutoCloseable {

	/** The loss options the engine knows (LossConfig fields). */
	static final Set<String> LOSS_OPTIONS = Set.of("eps_low", "eps_high", "dual_clip_c", "ratio_level", "aggregation",
			"dr_grpo_constant", "kl_coef", "kl_estimator", "entropy_coef", "proximal", "off_policy_correction",
			"tis_cap", "seq_mismatch_threshold");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final int vocabSize;

	private long version;

	private final List<Step> steps = Collections.synchronizedList(new ArrayList<>());

	private final List<String> checkpoints = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger failNextTrain = new AtomicInteger();

	/** An applied step: its sequences (token ids), their advantages and the loss options. */
	public record Step(long version, List<List<Integer>> sequences, float[] advantages, JsonNode loss) {
	}

	private EngineDouble(int vocabSize) throws IOException {
		this.vocabSize = vocabSize;
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.createContext("/v1/train/step", this::train);
		server.createContext("/v1/weights/version", ex -> reply(ex, 200, Map.of("weights_version", version(), "step",
				steps.size())));
		server.createContext("/v1/checkpoints", this::checkpoint);
		server.start();
	}

	public static EngineDouble start(int vocabSize) {
		try {
			return new EngineDouble(vocabSize);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	public synchronized long version() {
		return version;
	}

	public List<Step> steps() {
		synchronized (steps) {
			return List.copyOf(steps);
		}
	}

	public List<String> checkpoints() {
		synchronized (checkpoints) {
			return List.copyOf(checkpoints);
		}
	}

	/** The next {@code n} train steps answer 503 without being applied. */
	public void failNextTrainSteps(int n) {
		failNextTrain.set(n);
	}

	private void train(HttpExchange ex) throws IOException {
		byte[] body;
		try (InputStream in = ex.getRequestBody()) {
			body = in.readAllBytes();
		}
		if (failNextTrain.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			problem(ex, 503, "engine busy");
			return;
		}
		Step step;
		try {
			step = check(SafetensorsReader.parse(body));
		}
		catch (RuntimeException e) {
			problem(ex, 400, e.getMessage());
			return;
		}
		long v;
		synchronized (this) {
			v = ++version;
			steps.add(new Step(v, step.sequences(), step.advantages(), step.loss()));
		}
		reply(ex, 200, Map.of("weights_version", v, "metrics", Map.of("loss", 0.01, "clip_fraction", 0.125, "kl",
				0.002, "entropy", 1.5, "grad_norm", 0.75, "tokens", (double) step.sequences().stream().mapToInt(List::size).sum())));
	}

	private Step check(SafetensorsReader.Parsed p) {
		var t = p.tensors();
		for (String name : List.of("input_ids", "cu_seqlens", "loss_mask", "behaviour_logprobs", "advantages")) {
			if (!t.containsKey(name)) {
				throw new IllegalArgumentException("missing tensor " + name);
			}
		}
		require(t.get("input_ids").dtype().equals("I32"), "input_ids must be I32");
		require(t.get("cu_seqlens").dtype().equals("I32"), "cu_seqlens must be I32");
		require(t.get("loss_mask").dtype().equals("U8"), "loss_mask must be U8");
		int[] ids = t.get("input_ids").i32();
		int[] cu = t.get("cu_seqlens").i32();
		byte[] mask = t.get("loss_mask").u8();
		float[] lp = t.get("behaviour_logprobs").f32();
		float[] adv = t.get("advantages").f32();
		int total = ids.length;
		require(total > 0, "input_ids is empty");
		require(cu.length >= 2 && cu[0] == 0 && cu[cu.length - 1] == total, "cu_seqlens must run from 0 to T");
		for (int i = 1; i < cu.length; i++) {
			require(cu[i] > cu[i - 1], "cu_seqlens must increase");
		}
		require(mask.length == total && lp.length == total, "per-token tensors must have T entries");
		require(adv.length == cu.length - 1 || adv.length == total, "advantages must be [B] or [T]");
		for (int i = 0; i < total; i++) {
			require(ids[i] >= 0 && ids[i] < vocabSize, "input_ids must lie in [0, " + vocabSize + ")");
			require(mask[i] == 0 || mask[i] == 1, "loss_mask must be 0 or 1");
			require(Float.isFinite(lp[i]) && (mask[i] == 0 || lp[i] <= 1e-4), "behaviour_logprobs must be <= 0");
		}
		for (float a : adv) {
			require(Float.isFinite(a), "advantages contains NaN or infinity");
		}
		JsonNode loss = JSON.readTree(p.metadata().getOrDefault("loss", "{}"));
		loss.propertyNames().forEach(k -> require(LOSS_OPTIONS.contains(k), "unknown loss option " + k));
		List<List<Integer>> sequences = new ArrayList<>();
		for (int b = 0; b + 1 < cu.length; b++) {
			List<Integer> seq = new ArrayList<>();
			for (int i = cu[b]; i < cu[b + 1]; i++) {
				seq.add(ids[i]);
			}
			sequences.add(seq);
		}
		return new Step(0, sequences, adv, loss);
	}

	private void checkpoint(HttpExchange ex) throws IOException {
		JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
		String name = body.path("name").asString("");
		if (name.isBlank()) {
			problem(ex, 400, "body must be JSON like {\"name\": \"step-100\"}");
			return;
		}
		checkpoints.add(name);
		Map<String, Object> reply = new LinkedHashMap<>();
		reply.put("name", name);
		reply.put("path", "/checkpoints/" + name);
		reply.put("weights_version", version());
		reply.put("step", steps.size());
		reply(ex, 201, reply);
	}

	private static void require(boolean ok, String message) {
		if (!ok) {
			throw new IllegalArgumentException(message);
		}
	}

	private static void problem(HttpExchange ex, int status, String detail) throws IOException {
		ex.getResponseHeaders().add("Content-Type", "application/problem+json");
		send(ex, status, JSON.writeValueAsBytes(Map.of("type", "https://gauntlet.dev/problems/engine/invalid-request",
				"title", "invalid request", "status", status, "detail", detail)));
	}

	private static void reply(HttpExchange ex, int status, Object body) throws IOException {
		ex.getResponseHeaders().add("Content-Type", "application/json");
		send(ex, status, JSON.writeValueAsBytes(body));
	}

	private static void send(HttpExchange ex, int status, byte[] bytes) throws IOException {
		ex.sendResponseHeaders(status, bytes.length);
		ex.getResponseBody().write(bytes);
		ex.close();
	}

	@Override
	public void close() {
		server.stop(0);
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}

	static String utf8(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

}
