package dev.gauntlet.rollout.policy;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible policy server.
 *
 * @param name the registry name, or the base URL for an endpoint given inline in a job
 * @param baseUrl the API base, ending before {@code /chat/completions} (for example {@code http://host:8000/v1})
 * @param model the model name to ask for
 * @param secretRef where the API key lives ({@code env:NAME}); the key itself is read at call time and never
 * stored, logged or printed
 * @param capabilities what the server can do beyond plain chat completions
 * @param thinkingOff how to switch thinking off on this server
 * @param maxInFlight the most calls in flight to this endpoint at once
 */
public record PolicyEndpoint(String name, URI baseUrl, String model, @Nullable String secretRef,
		Capabilities capabilities, ThinkingSwitch thinkingOff, int maxInFlight) {

	public PolicyEndpoint {
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
		}
	}

	/** An endpoint given inline in a job: no secret, the global concurrency limit. */
	public static PolicyEndpoint inline(URI baseUrl, String model, boolean tokenIds, int maxInFlight) {
		return new PolicyEndpoint(baseUrl.toString(), baseUrl, model, null,
				new Capabilities(tokenIds, tokenIds, false, true), ThinkingSwitch.CHAT_TEMPLATE_KWARGS, maxInFlight);
	}

	public boolean requestTokenIds() {
		return capabilities.tokenIds();
	}

	public URI chatCompletions() {
		String base = baseUrl.toString();
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
	}

	/** The name calls are bounded and recorded under. */
	public String key() {
		return name;
	}

	/** Never prints the secret reference, so a log line or an error cannot leak where the key lives. */
	@Override
	public String toString() {
		return "PolicyEndpoint[name=" + name + ", baseUrl=" + baseUrl + ", model=" + model + "]";
	}

	/**
	 * @param tokenIds the server returns prompt and completion token ids ({@code return_token_ids})
	 * @param logprobs the server returns per-token logprobs
	 * @param thinkingBudget the server enforces {@code thinking_budget} itself
	 * @param tools the server accepts OpenAI function tools
	 */
	public record Capabilities(boolean tokenIds, boolean logprobs, boolean thinkingBudget, boolean tools) {
	}

	/** How thinking is switched off for a model family. */
	public enum ThinkingSwitch {

		/** {@code chat_template_kwargs: {enable_thinking: false}} (Qwen3, Nemotron 3 on vLLM/SGLang). */
		CHAT_TEMPLATE_KWARGS,
		/** {@code /no_think} at the end of the system prompt (Nemotron Nano 2, Qwen3 soft switch). */
		NO_THINK,
		/** The model has no thinking switch; "off" sends nothing. */
		NONE

	}

}
