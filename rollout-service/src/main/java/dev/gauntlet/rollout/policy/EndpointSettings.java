package dev.gauntlet.rollout.policy;

import java.net.URI;

import dev.gauntlet.rollout.policy.PolicyEndpoint.Capabilities;
import dev.gauntlet.rollout.policy.PolicyEndpoint.ThinkingSwitch;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One entry of the policy endpoint registry, under {@code gauntlet.rollout.endpoints.<name>}.
 *
 * @param baseUrl the OpenAI-compatible API base, for example {@code http://vllm:8000/v1}
 * @param model the model name to ask for
 * @param secretRef {@code env:NAME}: the API key is read from that environment variable at call time; never the key
 * itself
 * @param tokenIds the server returns token ids ({@code return_token_ids}); without them rollouts are text-only
 * @param logprobs the server returns logprobs
 * @param thinkingBudget the server enforces {@code thinking_budget}; otherwise Gauntlet enforces budgets itself
 * @param tools the server accepts OpenAI function tools
 * @param thinkingOff how "reasoning off" is sent to this model family
 * @param maxInFlight the most calls in flight to this endpoint
 */
public record EndpointSettings(URI baseUrl, String model, @Nullable String secretRef,
		@DefaultValue("true") boolean tokenIds, @DefaultValue("true") boolean logprobs,
		@DefaultValue("false") boolean thinkingBudget, @DefaultValue("true") boolean tools,
		@DefaultValue("CHAT_TEMPLATE_KWARGS") ThinkingSwitch thinkingOff, @DefaultValue("256") int maxInFlight) {

	public EndpointSettings {
		if (secretRef != null && !secretRef.startsWith("env:")) {
			throw new IllegalArgumentException("secret-ref must be env:NAME (a reference, never the key itself)");
		}
	}

	PolicyEndpoint toEndpoint(String name) {
		return new PolicyEndpoint(name, baseUrl, model, secretRef,
				new Capabilities(tokenIds, logprobs, thinkingBudget, tools), thinkingOff, maxInFlight);
	}

}
