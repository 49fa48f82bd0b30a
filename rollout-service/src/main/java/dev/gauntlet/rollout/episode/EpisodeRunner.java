package dev.gauntlet.rollout.episode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.FailureStage;
import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.PolicyRef;
import dev.gauntlet.contracts.ReasoningStats;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.Turn;
import dev.gauntlet.rollout.environment.EnvironmentClient;
import dev.gauntlet.rollout.environment.EnvironmentException;
import dev.gauntlet.rollout.policy.ChatCompletion;
import dev.gauntlet.rollout.policy.PolicyClient;
import dev.gauntlet.rollout.policy.PolicyException;
import dev.gauntlet.rollout.store.RolloutStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs one episode: seed the environment session, call the policy, record exactly the tokens it saw and produced,
 * and store the outcome. Every failure becomes a {@link RolloutFailed} with its stage and cause; none becomes a
 * reward.
 */
@Component
public class EpisodeRunner {

	private static final Logger log = LoggerFactory.getLogger(EpisodeRunner.class);

	private final EnvironmentClient environments;

	private final PolicyClient policy;

	private final RolloutStore store;

	private final Clock clock;

	EpisodeRunner(EnvironmentClient environments, PolicyClient policy, RolloutStore store) {
		this.environments = environments;
		this.policy = policy;
		this.store = store;
		this.clock = Clock.systemUTC();
	}

	public void run(EpisodePlan plan) {
		try {
			store.completed(play(plan));
		}
		catch (PolicyException ex) {
			fail(plan, FailureStage.POLICY, ex.code(), ex.getMessage());
		}
		catch (EnvironmentException ex) {
			fail(plan, FailureStage.ENVIRONMENT, ex.code(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Rollout {} failed inside Gauntlet", plan.identity().rolloutId(), ex);
			fail(plan, FailureStage.INTERNAL, "internal_error", ex.toString());
		}
	}

	private RolloutCompleted play(EpisodePlan plan) {
		String sessionId = plan.identity().rolloutId().toString();
		var session = environments.seed(plan.environment().name(), sessionId, plan.identity().taskId());
		List<ChatMessage> messages = new ArrayList<>(session.messages());
		ChatCompletion completion = policy.complete(plan.policy(), messages, plan.sampling());
		messages.add(completion.message());

		boolean trainable = completion.hasTokens();
		List<Turn> turns = trainable ? List.of(Turn.sampled(completion.promptTokenIds(),
				completion.completionTokenIds(), completion.logprobs() == null ? List.of() : completion.logprobs()))
				: List.of();
		FinishReason finish = "length".equals(completion.finishReason()) ? FinishReason.LENGTH : FinishReason.STOP;
		int answerTokens = trainable ? completion.completionTokenIds().size() : 0;
		PolicyRef policyRef = new PolicyRef(plan.policy().key(), plan.policy().model(), completion.policyVersion());
		return RolloutCompleted.of(plan.identity(), plan.environment(), policyRef, messages, turns, trainable, finish,
				new ReasoningStats(0, answerTokens, false), clock.instant());
	}

	private void fail(EpisodePlan plan, FailureStage stage, String cause, String message) {
		store.failed(RolloutFailed.of(plan.identity(), plan.environment(), stage, cause, message, clock.instant()));
	}

}
