package dev.gauntlet.rollout.episode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.PolicyRef;
import dev.gauntlet.contracts.ReasoningStats;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.rollout.environment.EnvironmentClient;
import dev.gauntlet.rollout.policy.PolicyClient;
import dev.gauntlet.rollout.policy.PolicyEndpoint.ThinkingSwitch;
import dev.gauntlet.rollout.system.RolloutSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The agent loop of one episode: seed the session; then call the policy, answer its tool calls through the
 * environment, and call it again, until it answers without tool calls, or a turn, token or tool-error limit is
 * reached. Exceptions ({@code PolicyException}, {@code EnvironmentException}) mean the rollout failed; everything
 * the policy got wrong is part of the episode instead.
 */
public class EpisodeLoop {

	private final EnvironmentClient environments;

	private final TurnGenerator turns;

	private final ToolRunner tools;

	private final Function<String, @Nullable Long> knownVersion;

	private final Clock clock = Clock.systemUTC();

	/**
	 * @param knownVersion the last policy version announced for a model, read just before the first policy call
	 * and used when the server reports none
	 */
	public EpisodeLoop(EnvironmentClient environments, PolicyClient policy, RolloutSettings settings,
			Function<String, @Nullable Long> knownVersion) {
		this.environments = environments;
		this.turns = new TurnGenerator(policy, settings);
		this.tools = new ToolRunner(environments);
		this.knownVersion = knownVersion;
	}

	public RolloutCompleted play(EpisodePlan plan) {
		long deadline = System.nanoTime() + plan.limits().deadline().toNanos();
		String sessionId = plan.identity().rolloutId().toString();
		var session = environments.seed(plan.environment().toString(), sessionId, plan.identity().taskId(), deadline);
		List<ChatMessage> messages = new ArrayList<>(thinkingSwitch(plan, session.messages()));
		JsonNode offered = session.tools().isArray() && !session.tools().isEmpty() ? session.tools() : null;
		EpisodeLimits limits = plan.limits();
		TokenLedger ledger = new TokenLedger();
		int thinking = 0;
		int answer = 0;
		int sampled = 0;
		int toolErrors = 0;
		boolean budgetHit = false;
		// the version that generates the first tokens: an update announced mid-episode must not relabel them
		Long announced = knownVersion.apply(plan.policy().model());
		Long version = null;
		FinishReason finish = FinishReason.MAX_TURNS;
		for (int turn = 0; turn < limits.maxTurns(); turn++) {
			int maxTokens = plan.sampling().maxTokens();
			if (limits.maxTotalTokens() != null) {
				maxTokens = Math.min(maxTokens, limits.maxTotalTokens() - sampled);
			}
			Generated generated = turns.generate(plan, messages, offered, maxTokens, deadline);
			messages.add(generated.message());
			ledger.add(generated);
			sampled += generated.sampledTokens();
			int turnThinking = generated.thinkingTokens() == null ? 0 : generated.thinkingTokens();
			thinking += turnThinking;
			answer += Math.max(0, generated.sampledTokens() - turnThinking);
			budgetHit |= generated.budgetHit();
			version = version != null ? version : generated.policyVersion();
			if ("length".equals(generated.finishReason())) {
				finish = FinishReason.LENGTH;
				break;
			}
			if (generated.message().toolCalls().isEmpty()) {
				finish = FinishReason.STOP;
				break;
			}
			ToolRunner.Answers answers = tools.answer(plan.environment().toString(), sessionId,
					generated.message().toolCalls(), offered, deadline);
			messages.addAll(answers.messages());
			toolErrors += answers.errors();
			if (toolErrors >= limits.maxToolErrors()) {
				finish = FinishReason.TOOL_ERRORS;
				break;
			}
			if (limits.maxTotalTokens() != null && sampled >= limits.maxTotalTokens()) {
				finish = FinishReason.LENGTH;
				break;
			}
		}
		if (version == null) {
			version = announced;
		}
		PolicyRef policyRef = new PolicyRef(plan.policy().key(), plan.policy().model(), version);
		return RolloutCompleted.of(plan.identity(), plan.environment(), policyRef, messages, ledger.turns(), finish,
				new ReasoningStats(thinking, answer, budgetHit), clock.instant(), ledger.trajectory(),
				ledger.untrainableReason());
	}

	/** {@code /no_think} goes at the end of the system prompt (a system message is added when there is none). */
	private static List<ChatMessage> thinkingSwitch(EpisodePlan plan, List<ChatMessage> messages) {
		if (plan.reasoning().thinking() || plan.policy().thinkingOff() != ThinkingSwitch.NO_THINK) {
			return messages;
		}
		List<ChatMessage> switched = new ArrayList<>(messages);
		if (!switched.isEmpty() && switched.getFirst().role().equals("system")) {
			String content = switched.getFirst().content() == null ? "" : switched.getFirst().content();
			switched.set(0, ChatMessage.system(content.isEmpty() ? "/no_think" : content + "\n/no_think"));
		}
		else {
			switched.addFirst(ChatMessage.system("/no_think"));
		}
		return switched;
	}

}
