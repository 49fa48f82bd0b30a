package dev.gauntlet.rollout.policy;

import java.net.URI;

/**
 * An OpenAI-compatible policy server.
 *
 * @param baseUrl the API base, ending before {@code /chat/completions} (for example {@code http://host:8000/v1})
 * @param model the model name to ask for
 * @param requestTokenIds whether to ask for token ids and logprobs ({@code logprobs}, {@code return_token_ids}); a
 * server that rejects those fields can still serve text-only rollouts with this off
 */
public record PolicyEndpoint(URI baseUrl, String model, boolean requestTokenIds) {

	public URI chatCompletions() {
		String base = baseUrl.toString();
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
	}

	public String key() {
		return baseUrl.toString();
	}

}
