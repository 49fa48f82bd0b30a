package dev.gauntlet.trainer.run;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A training run's configuration, as submitted and as stored. Every field may be left out; {@link #withDefaults}
 * fills in the documented safe defaults (docs/training.md has the table), and {@link RunConfigValidator} refuses
 * hostile or inconsistent values, naming the field.
 *
 * @param name a label for people
 * @param policy the OpenAI-compatible generation endpoint rollouts are sampled from (the engine, in production)
 * @param engineUrl the engine's internal training API, for example {@code http://localhost:8000}; null: the
 * service's {@code gauntlet.trainer.engine-url}
 * @param environments the environment mix: each environment with its sampling weight
 * @param promptsPerStep GRPO groups (prompts) per train step
 * @param groupSize samples per prompt
 * @param maxSteps the run finishes after this many train steps
 * @param sampling sampling parameters of training rollouts
 * @param advantage how rewards become advantages
 * @param loss the loss options passed to the engine with every step
 * @param dynamicSampling zero-variance filtering and oversampling
 * @param overlong what to do with responses cut by the token limit
 * @param maxStaleness the most policy versions a rollout may lag behind the current one and still be trained on
 * @param checkpointInterval save a checkpoint every this many steps; 0 never
 * @param evaluation evaluations on a schedule
 * @param reasoning reasoning-budget training
 * @param seed seeds environment choice, task selection and budgets
 */
public record RunConfig(@Nullable String name, @Nullable Policy policy, @Nullable String engineUrl,
		@Nullable List<EnvironmentWeight> environments, @Nullable Integer promptsPerStep, @Nullable Integer groupSize,
		@Nullable Integer maxSteps, @Nullable Sampling sampling, @Nullable Advantage advantage, @Nullable Loss loss,
		@Nullable DynamicSampling dynamicSampling, @Nullable Overlong overlong, @Nullable Integer maxStaleness,
		@Nullable Integer checkpointInterval, @Nullable Evaluation evaluation, @Nullable Reasoning reasoning,
		@Nullable Long seed) {

	/** This configuration with every missing field set to its default. */
	public RunConfig withDefaults(String defaultEngineUrl) {
		Sampling sampled = (sampling == null ? new Sampling(null, null, null) : sampling).withDefaults();
		return new RunConfig(name == null ? "run" : name, policy, engineUrl == null ? defaultEngineUrl : engineUrl,
				environments == null ? null
						: environments.stream()
							.map(e -> e == null ? null : new EnvironmentWeight(e.name(), or(e.weight(), 1.0)))
							.toList(),
				or(promptsPerStep, 8), or(groupSize, 8), or(maxSteps, 100),
				sampled,
				(advantage == null ? new Advantage(null, null, null) : advantage).withDefaults(),
				(loss == null ? Loss.EMPTY : loss).withDefaults(),
				(dynamicSampling == null ? new DynamicSampling(null, null, null) : dynamicSampling).withDefaults(),
				(overlong == null ? new Overlong(null, null, null) : overlong)
					.withDefaults(sampled.maxTokens() == null ? 1024 : sampled.maxTokens()), or(maxStaleness, 1),
				or(checkpointInterval, 50),
				(evaluation == null ? new Evaluation(null, null, null, null, null) : evaluation).withDefaults(),
				(reasoning == null ? new Reasoning(null, null, null) : reasoning).withDefaults(), seed == null ? 0L : seed);
	}

	static <T> T or(@Nullable T value, T fallback) {
		return value == null ? fallback : value;
	}

	/** Non-null views, valid after {@link #withDefaults}. */
	public int prompts() {
		return promptsPerStep;
	}

	public int group() {
		return groupSize;
	}

	/**
	 * @param baseUrl the API base, for example {@code http://localhost:8000/v1}
	 * @param model the model name sent with each request, and announced in {@code gauntlet.policy.updated}
	 */
	public record Policy(@Nullable String baseUrl, @Nullable String model) {
	}

	/** One environment of the mix; its share of prompts is its weight over the sum of weights. */
	public record EnvironmentWeight(@Nullable String name, @Nullable Double weight) {
	}

	/** Sent to rollout-service with every training job. */
	public record Sampling(@Nullable Double temperature, @Nullable Double topP, @Nullable Integer maxTokens) {

		Sampling withDefaults() {
			return new Sampling(or(temperature, 1.0), or(topP, 1.0), or(maxTokens, 1024));
		}

	}

	/** How a group's rewards centre: the group mean, or the mean of the other samples (RLOO). */
	public enum Baseline {

		GROUP_MEAN, LEAVE_ONE_OUT

	}

	/** Which standard deviation divides the centred rewards. */
	public enum StdNormalization {

		GROUP, BATCH, NONE

	}

	/**
	 * @param baseline group mean (GRPO) or leave-one-out (RLOO)
	 * @param stdNormalization divide by the group's reward std (GRPO), the whole batch's (AReaL, TRL
	 * {@code scale_rewards=batch}) or not at all (Dr. GRPO)
	 * @param epsilon added to the std before dividing
	 */
	public record Advantage(@Nullable Baseline baseline, @Nullable StdNormalization stdNormalization,
			@Nullable Double epsilon) {

		Advantage withDefaults() {
			return new Advantage(or(baseline, Baseline.GROUP_MEAN), or(stdNormalization, StdNormalization.GROUP),
					or(epsilon, 1e-6));
		}

	}

	/** How per-token losses add up to the step's loss. */
	public enum Aggregation {

		/** Sum over all loss tokens of the batch / their count (DAPO; micro-batch invariant). */
		TOKEN_MEAN,
		/** Mean over sequences of each sequence's token mean (original GRPO). */
		SEQ_MEAN_TOKEN_MEAN,
		/** Mean over sequences of each sequence's token sum / a constant (Dr. GRPO). */
		SEQ_MEAN_TOKEN_SUM_NORM

	}

	public enum KlEstimator {

		K1, K2, K3

	}

	/** Correction for the gap between the behaviour (rollout) policy and the trained one. */
	public enum OffPolicyMode {

		/** The PPO ratio against the behaviour logprobs is the only correction. */
		NONE,
		/** Truncated importance sampling: token weights min(pi/mu, tisCap). */
		TIS,
		/** Mask sequences whose geometric-mean pi/mu ratio is off by more than maskThreshold. */
		MASK,
		/** Both. */
		TIS_MASK

	}

	/**
	 * @param mode the correction
	 * @param tisCap the cap on truncated IS weights
	 * @param maskThreshold mask a sequence when exp(|mean log(pi/mu)|) exceeds this
	 */
	public record OffPolicy(@Nullable OffPolicyMode mode, @Nullable Double tisCap, @Nullable Double maskThreshold) {

		OffPolicy withDefaults() {
			return new OffPolicy(or(mode, OffPolicyMode.NONE), or(tisCap, 2.0), or(maskThreshold, 2.0));
		}

	}

	/**
	 * @param epsLow the ratio is clipped to at least 1 - epsLow
	 * @param epsHigh the ratio is clipped to at most 1 + epsHigh (DAPO clip-higher)
	 * @param dualClip dual-clip bound c for negative advantages; null disables it
	 * @param aggregation token-level or sequence-level aggregation
	 * @param drGrpoConstant the divisor of {@code SEQ_MEAN_TOKEN_SUM_NORM}; null: the sampling max tokens
	 * @param klCoef weight of the KL penalty to the reference policy; 0 disables it
	 * @param klEstimator Schulman's k1, k2 or k3 estimator
	 * @param gspo sequence-level (length-normalised) importance ratios and clipping
	 * @param entropyCoef entropy bonus weight
	 * @param offPolicy TIS or sequence masking against the behaviour policy
	 */
	public record Loss(@Nullable Double epsLow, @Nullable Double epsHigh, @Nullable Double dualClip,
			@Nullable Aggregation aggregation, @Nullable Double drGrpoConstant, @Nullable Double klCoef,
			@Nullable KlEstimator klEstimator, @Nullable Boolean gspo, @Nullable Double entropyCoef,
			@Nullable OffPolicy offPolicy) {

		static final Loss EMPTY = new Loss(null, null, null, null, null, null, null, null, null, null);

		Loss withDefaults() {
			return new Loss(or(epsLow, 0.2), or(epsHigh, 0.28), dualClip, or(aggregation, Aggregation.TOKEN_MEAN),
					drGrpoConstant, or(klCoef, 0.0), or(klEstimator, KlEstimator.K3), or(gspo, false),
					or(entropyCoef, 0.0),
					(offPolicy == null ? new OffPolicy(null, null, null) : offPolicy).withDefaults());
		}

	}

	/**
	 * @param dropZeroVariance drop groups whose rewards are all equal (they carry no GRPO signal)
	 * @param oversample request this many times the prompts a step needs, so that a step fills despite drops
	 * @param minGroupSize drop a group left with fewer usable samples than this (after failures)
	 */
	public record DynamicSampling(@Nullable Boolean dropZeroVariance, @Nullable Double oversample,
			@Nullable Integer minGroupSize) {

		DynamicSampling withDefaults() {
			return new DynamicSampling(or(dropZeroVariance, true), or(oversample, 1.0), or(minGroupSize, 2));
		}

	}

	public enum OverlongMode {

		/** Train on truncated responses like any other. */
		NONE,
		/** Keep them in the group's baseline, but give their tokens no loss (overlong filtering). */
		MASK,
		/** DAPO's soft penalty: a linear penalty over the last bufferTokens before the limit. */
		SOFT_PENALTY

	}

	/**
	 * @param mode what to do with responses cut by the token limit
	 * @param bufferTokens the soft penalty's ramp length, ending at the sampling max tokens (default: a quarter of
	 * the max tokens, at most 128)
	 * @param penalty the soft penalty at (and past) the limit
	 */
	public record Overlong(@Nullable OverlongMode mode, @Nullable Integer bufferTokens, @Nullable Double penalty) {

		Overlong withDefaults(int maxTokens) {
			return new Overlong(or(mode, OverlongMode.MASK), or(bufferTokens, Math.clamp(maxTokens / 4, 1, 128)),
					or(penalty, 1.0));
		}

	}

	/**
	 * @param environments environments evaluated; empty disables evaluation
	 * @param interval evaluate every this many steps (and before the first); 0 disables evaluation
	 * @param tasks tasks per environment and evaluation
	 * @param samplesPerTask samples per task
	 * @param temperature sampling temperature of evaluation rollouts; null: the training temperature
	 */
	public record Evaluation(@Nullable List<String> environments, @Nullable Integer interval, @Nullable Integer tasks,
			@Nullable Integer samplesPerTask, @Nullable Double temperature) {

		Evaluation withDefaults() {
			return new Evaluation(or(environments, List.of()), or(interval, 0), or(tasks, 32), or(samplesPerTask, 1),
					temperature);
		}

		public boolean enabled() {
			return interval != null && interval > 0 && environments != null && !environments.isEmpty();
		}

	}

	public enum ShapingMode {

		NONE,
		/** LCPO (L1): reward = correctness - alpha * |length - budget|. */
		LCPO,
		/** Group-relative length control (Kimi k1.5): among a group, shorter correct answers score higher. */
		GROUP_LENGTH

	}

	/**
	 * @param budgets thinking-token budgets; each prompt gets one, uniformly at random; empty: no budget
	 * @param offRatio the share of prompts sampled with reasoning off
	 * @param shaping budget-aware reward shaping
	 */
	public record Reasoning(@Nullable List<Integer> budgets, @Nullable Double offRatio, @Nullable Shaping shaping) {

		Reasoning withDefaults() {
			return new Reasoning(or(budgets, List.of()), or(offRatio, 0.0),
					(shaping == null ? new Shaping(null, null) : shaping).withDefaults());
		}

	}

	/**
	 * @param mode the shaping
	 * @param alpha LCPO: reward lost per token away from the budget; GROUP_LENGTH: weight of the length term
	 */
	public record Shaping(@Nullable ShapingMode mode, @Nullable Double alpha) {

		Shaping withDefaults() {
			return new Shaping(or(mode, ShapingMode.NONE), or(alpha, mode == ShapingMode.GROUP_LENGTH ? 0.5 : 0.0003));
		}

	}

}
