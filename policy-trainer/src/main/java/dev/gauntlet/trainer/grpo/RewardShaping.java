package dev.gauntlet.trainer.grpo;

import java.util.List;

import dev.gauntlet.trainer.run.RunConfig.Overlong;
import dev.gauntlet.trainer.run.RunConfig.OverlongMode;
import dev.gauntlet.trainer.run.RunConfig.Shaping;

/**
 * Trainer-side reward shaping of one group's usable samples: the overlong soft penalty (DAPO) and
 * reasoning-budget shaping.
 *
 * <pre>
 *   soft overlong (L completion tokens, L_max = sampling max tokens, L_c = buffer):
 *       0                              if L &lt;= L_max - L_c
 *       ((L_max - L_c) - L) / L_c * p   if L_max - L_c &lt; L &lt;= L_max
 *       -p                              if the response was truncated
 *   LCPO (L1):          r = correct - alpha * |L_think - budget|       (prompts with a budget; others keep r)
 *   GROUP_LENGTH (Kimi k1.5): lambda_i = 0.5 - (L_i - L_min) / (L_max - L_min) over the group;
 *                       r = r + alpha * (correct ? lambda_i : min(0, lambda_i));  0 when all lengths are equal
 * </pre>
 *
 * A sample is correct when its correctness is above 0.5.
 */
public final class RewardShaping {

	private RewardShaping() {
	}

	public static double[] shape(List<Sample> samples, SampleGroup group, Overlong overlong, int maxTokens,
			Shaping shaping) {
		double[] r = new double[samples.size()];
		for (int i = 0; i < r.length; i++) {
			Sample s = samples.get(i);
			r[i] = shaping.mode() == dev.gauntlet.trainer.run.RunConfig.ShapingMode.LCPO && group.budgetTokens() != null
					&& !group.reasoningOff()
							? s.correct() - shaping.alpha() * Math.abs(s.reasoningLength() - group.budgetTokens())
							: s.reward();
			if (overlong.mode() == OverlongMode.SOFT_PENALTY) {
				r[i] += overlongPenalty(s, overlong, maxTokens);
			}
		}
		if (shaping.mode() == dev.gauntlet.trainer.run.RunConfig.ShapingMode.GROUP_LENGTH) {
			int min = Integer.MAX_VALUE;
			int max = Integer.MIN_VALUE;
			for (Sample s : samples) {
				min = Math.min(min, s.reasoningLength());
				max = Math.max(max, s.reasoningLength());
			}
			if (max > min) {
				for (int i = 0; i < r.length; i++) {
					Sample s = samples.get(i);
					double lambda = 0.5 - (double) (s.reasoningLength() - min) / (max - min);
					r[i] += shaping.alpha() * (s.correct() > 0.5 ? lambda : Math.min(0, lambda));
				}
			}
		}
		return r;
	}

	static double overlongPenalty(Sample s, Overlong overlong, int maxTokens) {
		if (s.truncated()) {
			return -overlong.penalty();
		}
		int free = maxTokens - overlong.bufferTokens();
		if (s.completionTokens() <= free) {
			return 0;
		}
		return (double) (free - s.completionTokens()) / overlong.bufferTokens() * overlong.penalty();
	}

}
