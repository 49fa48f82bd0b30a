package dev.gauntlet.reward.verify;

import java.util.Map;

import dev.gauntlet.contracts.FailureStage;
import org.jspecify.annotations.Nullable;

/** What verification of one rollout came to: a score, or a failure that is not a score. */
public sealed interface Outcome {

	record Scored(double reward, Map<String, Double> components, @Nullable String extractedAnswer) implements Outcome {
	}

	record Failed(FailureStage stage, String cause, String message) implements Outcome {
	}

}
