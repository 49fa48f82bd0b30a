package dev.gauntlet.rollout.policy;

import java.util.List;
import java.util.Map;

import dev.gauntlet.contracts.ChatMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One chat completion request.
 *
 * @param messages the conversation so far
 * @param tools the OpenAI function tools offered, or null for none
 * @param sampling temperature, top-p and seed
 * @param maxTokens the most tokens to sample in this call
 * @param continueFinalMessage the last message is an assistant message to continue, not to answer (vLLM's
 * {@code continue_final_message}, with {@code add_generation_prompt: false})
 * @param stop stop strings, or empty
 * @param extra extra body fields (for example {@code chat_template_kwargs}, {@code thinking_budget})
 */
public record PolicyRequest(List<ChatMessage> messages, @Nullable JsonNode tools, SamplingParams sampling, int maxTokens,
		boolean continueFinalMessage, List<String> stop, Map<String, Object> extra) {

	public PolicyRequest {
		messages = List.copyOf(messages);
		stop = List.copyOf(stop);
		extra = Map.copyOf(extra);
	}

}
