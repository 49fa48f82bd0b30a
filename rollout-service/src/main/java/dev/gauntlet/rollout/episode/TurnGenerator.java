package dev.gauntlet.rollout.episode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.Turn;
import dev.gauntlet.rollout.policy.ChatCompletion;
import dev.gauntlet.rollout.policy.PolicyClient;
import dev.gauntlet.rollout.policy.PolicyEndpoint.ThinkingSwitch;
import dev.gauntlet.rollout.policy.PolicyRequest;
import dev.gauntlet.rollout.system.RolloutSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Generates one assistant turn under the episode's reasoning control.
 *
 * <ul>
 * <li>Thinking off: {@code chat_template_kwargs.enable_thinking=false} or {@code /no_think}, per endpoint.</li>
 * <li>A budget on an endpoint that enforces {@code thinking_budget}: the field is sent, the server enforces it.</li>
 * <li>A budget anywhere else, client-side: sample at most N tokens; when {@code </think>} has not appeared, sample up
 * to the grace window more, stopping at a newline, then force the closing phrase and {@code </think>} and let the
 * policy continue the same assistant message ({@code continue_final_message}). The forced tokens are the ones the
 * server put between the sampled tokens and the continuation; they are masked {@code F}. A continuation whose prompt
 * does not begin with exactly the sampled tokens is recorded as a token mismatch: the turn is kept as text, not for
 * training.</li>
 * </ul>
 */
class TurnGenerator {

	private final PolicyClient policy;

	private final RolloutSettings settings;

	TurnGenerator(PolicyClient policy, RolloutSettings settings) {
		this.policy = policy;
		this.settings = settings;
	}

	Generated generate(EpisodePlan plan, List<ChatMessage> messages, @Nullable JsonNode tools, int maxTokens,
			long deadline) {
		ReasoningControl reasoning = plan.reasoning();
		Map<String, Object> extra = new LinkedHashMap<>();
		if (!reasoning.thinking() && plan.policy().thinkingOff() == ThinkingSwitch.CHAT_TEMPLATE_KWARGS) {
			extra.put("chat_template_kwargs", Map.of("enable_thinking", false));
		}
		Integer budget = reasoning.thinking() ? reasoning.budgetTokens() : null;
		if (budget != null && plan.policy().capabilities().thinkingBudget()) {
			extra.put("thinking_budget", budget);
			ChatCompletion c = call(plan, messages, tools, maxTokens, false, List.of(), extra, deadline);
			Integer thinking = ThinkingCounter.count(c);
			return single(c, c.anyForced() || (thinking != null && thinking >= budget && !ThinkingCounter.closed(c)));
		}
		if (budget == null || budget >= maxTokens) {
			return single(call(plan, messages, tools, maxTokens, false, List.of(), extra, deadline), false);
		}
		return budgeted(plan, messages, tools, maxTokens, budget, extra, deadline);
	}

	private Generated budgeted(EpisodePlan plan, List<ChatMessage> messages, @Nullable JsonNode tools, int maxTokens,
			int budget, Map<String, Object> extra, long deadline) {
		ChatCompletion first = call(plan, messages, tools, budget, false, List.of(), extra, deadline);
		if (ThinkingCounter.closed(first) || !"length".equals(first.finishReason())) {
			return single(first, false);
		}
		Sequence seq = new Sequence(first);
		String thinking = first.text();
		int remaining = maxTokens - first.sampledTokens();
		if (settings.budgetGraceTokens() > 0 && !thinking.endsWith("\n") && remaining > 1) {
			ChatCompletion grace = call(plan, continuing(messages, thinking), tools,
					Math.min(settings.budgetGraceTokens(), remaining - 1), true, List.of("\n"), extra, deadline);
			seq.extend(grace, "", thinking);
			thinking += grace.text();
			remaining -= grace.sampledTokens();
			if (ThinkingCounter.closed(grace)) {
				// closed within the grace window: nothing to force, the answer continues as sampled
				int sampledThinking = seq.sampled;
				ChatCompletion answer = call(plan, continuing(messages, thinking), tools, Math.max(1, remaining), true,
						List.of(), extra, deadline);
				seq.extend(answer, "", thinking);
				return seq.result(thinking + answer.text(), answer, sampledThinking, false);
			}
		}
		int sampledThinking = seq.sampled;
		String forced = settings.budgetClosingPhrase() + ThinkingCounter.CLOSE;
		String closed = thinking + forced;
		ChatCompletion answer = call(plan, continuing(messages, closed), tools, Math.max(1, remaining), true, List.of(),
				extra, deadline);
		seq.extend(answer, forced, closed);
		return seq.result(closed + answer.text(), answer, sampledThinking, true);
	}

	private static List<ChatMessage> continuing(List<ChatMessage> messages, String partial) {
		List<ChatMessage> next = new ArrayList<>(messages);
		next.add(ChatMessage.assistant(partial, List.of()));
		return next;
	}

	private ChatCompletion call(EpisodePlan plan, List<ChatMessage> messages, @Nullable JsonNode tools, int maxTokens,
			boolean continueFinal, List<String> stop, Map<String, Object> extra, long deadline) {
		JsonNode offered = plan.policy().capabilities().tools() ? tools : null;
		return policy.complete(plan.policy(),
				new PolicyRequest(messages, offered, plan.sampling(), maxTokens, continueFinal, stop, extra), deadline);
	}

	private static Generated single(ChatCompletion c, boolean budgetHit) {
		List<Integer> completion = c.hasTokens() ? c.completionTokenIds() : null;
		List<Double> logprobs = c.hasTokens() && c.logprobs() != null ? c.logprobs() : List.of();
		String mask = completion == null ? "" : mask(completion.size(), c.forcedTokens());
		return new Generated(c.message(), c.finishReason(), c.hasTokens() ? c.promptTokenIds() : null, completion,
				logprobs, mask, ThinkingCounter.count(c), c.sampledTokens(), budgetHit, null, c.policyVersion());
	}

	/** 'S' for each sampled token, 'F' for each the server forced (budget enforcement), so forced ones are never trained. */
	static String mask(int length, @Nullable List<Boolean> forced) {
		StringBuilder mask = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			mask.append(forced != null && forced.get(i) ? Turn.FORCED : Turn.SAMPLED);
		}
		return mask.toString();
	}

	/** The tokens of one assistant turn built over several calls, each continuing the last. */
	private static final class Sequence {

		private final @Nullable List<Integer> prompt;

		private final List<Integer> completion = new ArrayList<>();

		private final List<Double> logprobs = new ArrayList<>();

		private final StringBuilder mask = new StringBuilder();

		private boolean tokens;

		private boolean hasLogprobs;

		private @Nullable String mismatch;

		private int sampled;

		private @Nullable Long version;

		Sequence(ChatCompletion first) {
			this.tokens = first.hasTokens();
			this.prompt = tokens ? first.promptTokenIds() : null;
			this.hasLogprobs = first.logprobs() != null;
			this.sampled = first.sampledTokens();
			this.version = first.policyVersion();
			if (tokens) {
				appendSampled(first);
			}
		}

		/**
		 * Adds a continuation: its prompt must be this turn's prompt and every token so far, then the forced text's
		 * tokens; its completion is sampled.
		 */
		void extend(ChatCompletion next, String forcedText, String textSoFar) {
			sampled += next.sampledTokens();
			version = version != null ? version : next.policyVersion();
			if (!tokens || mismatch != null) {
				return;
			}
			if (!next.hasTokens()) {
				tokens = false;
				return;
			}
			List<Integer> expected = new ArrayList<>(prompt);
			expected.addAll(completion);
			List<Integer> nextPrompt = next.promptTokenIds();
			int diverges = TokenLedger.divergence(expected, nextPrompt);
			if (diverges >= 0) {
				mismatch = "token_mismatch: the continuation after " + completion.size()
						+ " completion tokens was re-tokenized differently at prompt position " + diverges;
				return;
			}
			List<Integer> forced = nextPrompt.subList(expected.size(), nextPrompt.size());
			if (forced.isEmpty() != forcedText.isEmpty()) {
				mismatch = "token_mismatch: the server " + (forced.isEmpty() ? "dropped the forced text"
						: "added " + forced.size() + " tokens that were not forced");
				return;
			}
			completion.addAll(forced);
			logprobs.addAll(Collections.nCopies(forced.size(), 0.0));
			mask.append(String.valueOf(Turn.FORCED).repeat(forced.size()));
			hasLogprobs &= next.logprobs() != null;
			appendSampled(next);
		}

		private void appendSampled(ChatCompletion c) {
			completion.addAll(c.completionTokenIds());
			logprobs.addAll(c.logprobs() != null ? c.logprobs() : Collections.nCopies(c.completionTokenIds().size(), 0.0));
			mask.append(String.valueOf(Turn.SAMPLED).repeat(c.completionTokenIds().size()));
		}

		Generated result(String text, ChatCompletion last, int thinkingTokens, boolean budgetHit) {
			ChatMessage message = ChatMessage.assistant(text, last.message().toolCalls());
			boolean usable = tokens && mismatch == null;
			return new Generated(message, last.finishReason(), usable ? prompt : null, usable ? completion : null,
					usable && hasLogprobs ? logprobs : List.of(), usable ? mask.toString() : "", thinkingTokens, sampled,
					budgetHit, mismatch, version);
		}

	}

}
