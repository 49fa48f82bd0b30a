package dev.gauntlet.trainer.grpo;

import java.util.ArrayList;
import java.util.List;

import dev.gauntlet.trainer.run.RunConfig.Advantage;
import dev.gauntlet.trainer.run.RunConfig.Baseline;
import dev.gauntlet.trainer.run.RunConfig.StdNormalization;

/**
 * Rewards to advantages, per group:
 *
 * <pre>
 *   GROUP_MEAN      a_i = r_i - mean(r)                                  (GRPO)
 *   LEAVE_ONE_OUT   a_i = r_i - mean(r_j, j != i) = n/(n-1) (r_i - mean)  (RLOO)
 * </pre>
 *
 * then divided by {@code std + epsilon}: the group's reward std ({@code GROUP}, GRPO), the std of every reward of
 * the batch ({@code BATCH}, TRL's {@code scale_rewards=batch}), or nothing ({@code NONE}, Dr. GRPO). The std is
 * the sample std (n - 1 in the denominator, as {@code torch.std}); a std of 0 divides by nothing, as in NeMo-RL.
 */
public final class Advantages {

	private Advantages() {
	}

	/** One advantage per reward, groups in the order given. */
	public static List<double[]> compute(List<double[]> groupRewards, Advantage options) {
		List<double[]> out = new ArrayList<>(groupRewards.size());
		double batchStd = options.stdNormalization() == StdNormalization.BATCH ? std(concat(groupRewards)) : 0;
		for (double[] r : groupRewards) {
			double[] a = centre(r, options.baseline());
			double std = switch (options.stdNormalization()) {
				case GROUP -> std(r);
				case BATCH -> batchStd;
				case NONE -> 0;
			};
			if (std > 0) {
				for (int i = 0; i < a.length; i++) {
					a[i] /= std + options.epsilon();
				}
			}
			out.add(a);
		}
		return out;
	}

	static double[] centre(double[] r, Baseline baseline) {
		int n = r.length;
		double sum = 0;
		for (double v : r) {
			sum += v;
		}
		double[] a = new double[n];
		for (int i = 0; i < n; i++) {
			a[i] = baseline == Baseline.LEAVE_ONE_OUT && n > 1 ? r[i] - (sum - r[i]) / (n - 1) : r[i] - sum / n;
		}
		return a;
	}

	/** The sample standard deviation (n - 1); 0 for fewer than two values. */
	public static double std(double[] values) {
		int n = values.length;
		if (n < 2) {
			return 0;
		}
		double mean = 0;
		for (double v : values) {
			mean += v;
		}
		mean /= n;
		double ss = 0;
		for (double v : values) {
			ss += (v - mean) * (v - mean);
		}
		return Math.sqrt(ss / (n - 1));
	}

	private static double[] concat(List<double[]> groups) {
		return groups.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
	}

}
