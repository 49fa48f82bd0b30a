package dev.gauntlet.trainer.grpo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gauntlet.trainer.run.RunConfig;
import dev.gauntlet.trainer.run.RunConfig.OverlongMode;

/**
 * Decides one train step from the complete groups waiting, oldest first: drops failed and text-only samples,
 * stale groups, groups left too small, and (dynamic sampling) zero-variance groups, until it has the step's
 * prompts; then computes the advantages of the kept groups. Groups it does not reach stay waiting.
 */
public final class StepPlanner {

	private StepPlanner() {
	}

	/**
	 * @param kept groups in the step, with their usable samples, shaped rewards and advantages
	 * @param dropped groups decided against, with the reason
	 * @param dispositions the fate of every sample of every decided group
	 * @param complete whether the step has all its prompts (else: train nothing, keep waiting)
	 * @param zeroVarianceGroups groups, among those reaching the variance check, whose rewards were all equal
	 * @param varianceChecked groups that reached the variance check
	 */
	public record Plan(List<Kept> kept, List<Dropped> dropped, Map<UUID, Disposition> dispositions, boolean complete,
			int zeroVarianceGroups, int varianceChecked) {
	}

	public record Kept(SampleGroup group, List<Sample> usable, double[] rewards, double[] advantages,
			long staleness) {
	}

	public record Dropped(SampleGroup group, Disposition reason) {
	}

	public static Plan plan(List<SampleGroup> ready, RunConfig config, long currentVersion) {
		List<Kept> kept = new ArrayList<>();
		List<Dropped> dropped = new ArrayList<>();
		Map<UUID, Disposition> fate = new LinkedHashMap<>();
		List<double[]> rewards = new ArrayList<>();
		int zeroVariance = 0;
		int checked = 0;
		for (SampleGroup group : ready) {
			if (kept.size() == config.prompts()) {
				break;
			}
			List<Sample> usable = new ArrayList<>();
			for (Sample s : group.samples()) {
				if (s.failed()) {
					fate.put(s.rolloutId(), Disposition.FAILED);
				}
				else if (!s.trainable()) {
					fate.put(s.rolloutId(), Disposition.TEXT_ONLY);
				}
				else {
					usable.add(s);
				}
			}
			long staleness = usable.stream().mapToLong(s -> currentVersion - s.behaviourVersion()).max().orElse(0);
			Disposition reason = null;
			double[] shaped = null;
			if (usable.size() < config.dynamicSampling().minGroupSize()) {
				reason = Disposition.TOO_FEW;
			}
			else if (staleness > config.maxStaleness()) {
				reason = Disposition.STALE;
			}
			else {
				shaped = RewardShaping.shape(usable, group, config.overlong(), config.sampling().maxTokens(),
						config.reasoning().shaping());
				checked++;
				if (Advantages.std(shaped) == 0) {
					zeroVariance++;
					if (config.dynamicSampling().dropZeroVariance()) {
						reason = Disposition.ZERO_VARIANCE;
					}
				}
			}
			if (reason != null) {
				dropped.add(new Dropped(group, reason));
				for (Sample s : usable) {
					fate.put(s.rolloutId(), reason);
				}
				continue;
			}
			for (Sample s : usable) {
				boolean masked = s.truncated() && config.overlong().mode() == OverlongMode.MASK;
				fate.put(s.rolloutId(), masked ? Disposition.MASKED_TRUNCATED : Disposition.TRAINED);
			}
			rewards.add(shaped);
			kept.add(new Kept(group, usable, shaped, new double[0], Math.max(0, staleness)));
		}
		boolean complete = kept.size() == config.prompts();
		List<double[]> advantages = Advantages.compute(rewards, config.advantage());
		List<Kept> withAdvantages = new ArrayList<>(kept.size());
		for (int i = 0; i < kept.size(); i++) {
			Kept k = kept.get(i);
			withAdvantages.add(new Kept(k.group(), k.usable(), k.rewards(), advantages.get(i), k.staleness()));
		}
		return new Plan(withAdvantages, dropped, fate, complete, zeroVariance, checked);
	}

}
