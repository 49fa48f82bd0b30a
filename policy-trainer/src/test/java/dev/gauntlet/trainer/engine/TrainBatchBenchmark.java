package dev.gauntlet.trainer.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.gauntlet.contracts.Turn;
import dev.gauntlet.trainer.run.RunConfig;
import tools.jackson.databind.json.JsonMapper;

/**
 * How long the trainer takes to turn a step's rollouts into the engine's request body, and how large the body is:
 * the safetensors body ({@link TrainBatch#build}) against the same arrays as a JSON body (Jackson), the obvious
 * alternative, in the same JVM on the same rollouts.
 *
 * <pre>
 *   ./mvnw -B -q -pl policy-trainer test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=dev.gauntlet.trainer.engine.TrainBatchBenchmark -Dexec.args="64 8 256 768"
 * </pre>
 * Arguments: prompts, group size, prompt tokens, completion tokens.
 */
public final class TrainBatchBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public static void main(String[] args) {
		int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 64;
		int group = args.length > 1 ? Integer.parseInt(args[1]) : 8;
		int promptTokens = args.length > 2 ? Integer.parseInt(args[2]) : 256;
		int completionTokens = args.length > 3 ? Integer.parseInt(args[3]) : 768;
		RunConfig config = TrainBatchUnitTests.config("");
		SplittableRandom random = new SplittableRandom(7);
		List<TrainBatch.Item> items = new ArrayList<>();
		for (int i = 0; i < prompts * group; i++) {
			List<Integer> prompt = new ArrayList<>();
			for (int t = 0; t < promptTokens; t++) {
				prompt.add(random.nextInt(131_072));
			}
			List<Integer> completion = new ArrayList<>();
			List<Double> logprobs = new ArrayList<>();
			for (int t = 0; t < completionTokens; t++) {
				completion.add(random.nextInt(131_072));
				logprobs.add(-random.nextDouble() * 5);
			}
			items.add(new TrainBatch.Item(TrainBatchUnitTests.rollout(List.of(Turn.sampled(prompt, completion, logprobs))),
					random.nextDouble() * 2 - 1, false));
		}
		int tokens = prompts * group * (promptTokens + completionTokens);
		System.out.printf("batch: %d sequences, %,d tokens%n", prompts * group, tokens);
		for (int round = 0; round < 2; round++) { // the first round warms up
			boolean report = round == 1;
			Result binary = measure(() -> TrainBatch.build(items, config).body());
			Result json = measure(() -> jsonBody(items, config));
			if (report) {
				System.out.printf("safetensors body: %8.1f ms  %,12d bytes%n", binary.millis(), binary.bytes());
				System.out.printf("JSON body:        %8.1f ms  %,12d bytes%n", json.millis(), json.bytes());
				System.out.printf("ratio JSON / safetensors: time %.2fx, size %.2fx%n", json.millis() / binary.millis(),
						(double) json.bytes() / binary.bytes());
			}
		}
	}

	/** The same tensors as a JSON object of arrays. */
	static byte[] jsonBody(List<TrainBatch.Item> items, RunConfig config) {
		List<Integer> ids = new ArrayList<>();
		List<Integer> cu = new ArrayList<>(List.of(0));
		List<Integer> mask = new ArrayList<>();
		List<Float> lp = new ArrayList<>();
		List<Float> adv = new ArrayList<>();
		for (TrainBatch.Item item : items) {
			for (Turn turn : item.rollout().turns()) {
				for (int id : turn.promptTokenIds()) {
					ids.add(id);
					mask.add(0);
					lp.add(0f);
				}
				for (int i = 0; i < turn.completionTokenIds().size(); i++) {
					ids.add(turn.completionTokenIds().get(i));
					mask.add(1);
					lp.add(turn.completionLogprobs().get(i).floatValue());
				}
				cu.add(ids.size());
				adv.add((float) item.advantage());
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("input_ids", ids);
		body.put("cu_seqlens", cu);
		body.put("loss_mask", mask);
		body.put("behaviour_logprobs", lp);
		body.put("advantages", adv);
		body.put("loss", TrainBatch.lossOptions(config));
		return JSON.writeValueAsBytes(body);
	}

	record Result(double millis, long bytes) {
	}

	static Result measure(java.util.function.Supplier<byte[]> body) {
		int runs = 10;
		long bytes = 0;
		long t0 = System.nanoTime();
		for (int i = 0; i < runs; i++) {
			bytes = body.get().length;
		}
		return new Result((System.nanoTime() - t0) / 1e6 / runs, bytes);
	}

}
