package dev.gauntlet.trainer.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.Turn;
import dev.gauntlet.trainer.run.RunConfig;
import dev.gauntlet.trainer.run.RunConfig.Aggregation;
import dev.gauntlet.trainer.run.RunConfig.OffPolicyMode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A train step's batch, packed as the engine expects: one sequence per policy call (the exact prompt token ids
 * followed by the exact completion token ids; never re-tokenized), concatenated.
 *
 * <pre>
 *   input_ids           I32 [T]    prompt ++ completion of each sequence
 *   cu_seqlens          I32 [B+1]  sequence boundaries
 *   loss_mask           U8  [T]    1 on policy-sampled completion tokens; 0 on prompt, forced and masked tokens
 *   behaviour_logprobs  F32 [T]    the rollout's logprob of each completion token (0 elsewhere)
 *   advantages          F32 [B]    the sequence's rollout advantage
 *   __metadata__.loss   JSON       the loss options (engine names)
 * </pre>
 *
 * @param body the safetensors request body
 * @param sequences B
 * @param tokens T
 * @param lossTokens tokens with loss mask 1
 */
public record TrainBatch(byte[] body, int sequences, int tokens, int lossTokens) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One rollout of the step with its advantage; {@code masked} removes all its tokens from the loss. */
	public record Item(RolloutCompleted rollout, double advantage, boolean masked) {
	}

	public static TrainBatch build(List<Item> items, RunConfig config) {
		List<int[]> ids = new ArrayList<>();
		List<byte[]> masks = new ArrayList<>();
		List<float[]> logprobs = new ArrayList<>();
		List<Float> advantages = new ArrayList<>();
		for (Item item : items) {
			for (Turn turn : item.rollout().turns()) {
				int p = turn.promptTokenIds().size();
				int c = turn.completionTokenIds().size();
				if (c == 0) {
					continue;
				}
				int[] seq = new int[p + c];
				byte[] mask = new byte[p + c];
				float[] lp = new float[p + c];
				for (int i = 0; i < p; i++) {
					seq[i] = turn.promptTokenIds().get(i);
				}
				for (int i = 0; i < c; i++) {
					seq[p + i] = turn.completionTokenIds().get(i);
					mask[p + i] = (byte) (!item.masked() && turn.completionMask().charAt(i) == Turn.SAMPLED ? 1 : 0);
					lp[p + i] = turn.completionLogprobs().isEmpty() ? 0f : turn.completionLogprobs().get(i).floatValue();
				}
				ids.add(seq);
				masks.add(mask);
				logprobs.add(lp);
				advantages.add((float) item.advantage());
			}
		}
		if (ids.isEmpty()) {
			throw new IllegalArgumentException("a train batch needs at least one sequence with completion tokens");
		}
		int total = ids.stream().mapToInt(a -> a.length).sum();
		int[] flatIds = new int[total];
		byte[] flatMask = new byte[total];
		float[] flatLp = new float[total];
		int[] cu = new int[ids.size() + 1];
		float[] adv = new float[ids.size()];
		int at = 0;
		int lossTokens = 0;
		for (int b = 0; b < ids.size(); b++) {
			int[] seq = ids.get(b);
			System.arraycopy(seq, 0, flatIds, at, seq.length);
			System.arraycopy(masks.get(b), 0, flatMask, at, seq.length);
			System.arraycopy(logprobs.get(b), 0, flatLp, at, seq.length);
			for (int i = 1; i < seq.length; i++) { // the engine never trains a sequence's first token
				lossTokens += masks.get(b)[i];
			}
			at += seq.length;
			cu[b + 1] = at;
			adv[b] = advantages.get(b);
		}
		byte[] body = new Safetensors().metadata("loss", lossOptions(config))
			.i32("input_ids", flatIds)
			.i32("cu_seqlens", cu)
			.u8("loss_mask", flatMask)
			.f32("behaviour_logprobs", flatLp)
			.f32("advantages", adv)
			.toBytes();
		return new TrainBatch(body, ids.size(), total, lossTokens);
	}

	/** The run's loss options under the engine's names (engine/src/gauntlet_engine/losses/grpo.py LossConfig). */
	public static String lossOptions(RunConfig config) {
		RunConfig.Loss l = config.loss();
		Map<String, Object> o = new LinkedHashMap<>();
		o.put("eps_low", l.epsLow());
		o.put("eps_high", l.epsHigh());
		o.put("dual_clip_c", l.dualClip());
		o.put("ratio_level", l.gspo() ? "sequence" : "token");
		o.put("aggregation", l.aggregation().name().toLowerCase(Locale.ROOT));
		o.put("dr_grpo_constant", l.aggregation() == Aggregation.SEQ_MEAN_TOKEN_SUM_NORM
				? (l.drGrpoConstant() != null ? l.drGrpoConstant() : (double) config.sampling().maxTokens()) : null);
		o.put("kl_coef", l.klCoef());
		o.put("kl_estimator", l.klEstimator().name().toLowerCase(Locale.ROOT));
		o.put("entropy_coef", l.entropyCoef());
		OffPolicyMode mode = l.offPolicy().mode();
		o.put("proximal", mode == OffPolicyMode.NONE ? "behaviour" : "current");
		o.put("off_policy_correction", switch (mode) {
			case NONE -> "none";
			case TIS -> "tis";
			case MASK -> "seq_mask";
			case TIS_MASK -> "tis_seq_mask";
		});
		o.put("tis_cap", l.offPolicy().tisCap());
		o.put("seq_mismatch_threshold", l.offPolicy().maskThreshold());
		return JSON.writeValueAsString(o);
	}

}
