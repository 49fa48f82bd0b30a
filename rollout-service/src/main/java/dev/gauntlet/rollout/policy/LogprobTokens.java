package dev.gauntlet.rollout.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code choices[0].logprobs.content} as the server wrote it: the logprob of each sampled token, and either each
 * token's text or, when the server writes ids in place of texts (vLLM's {@code return_tokens_as_token_ids}, or a
 * server started with {@code --return-tokens-as-token-ids}), each token's id from its {@code "token_id:N"}
 * placeholder. A placeholder carries no text, so {@code texts} is then null rather than a list of placeholders that
 * would be mistaken for the model's text.
 *
 * @param logprobs one per sampled token
 * @param texts each token's text, or null when the server sent placeholders
 * @param ids each token's id, or null when the server sent texts
 */
record LogprobTokens(List<Double> logprobs, @Nullable List<String> texts, @Nullable List<Integer> ids) {

	private static final Pattern PLACEHOLDER = Pattern.compile("token_id:(\\d+)");

	/** The entries of {@code content}, or null when the server sent no logprobs. */
	static @Nullable LogprobTokens parse(JsonNode content) {
		if (!content.isArray()) {
			return null;
		}
		List<Double> logprobs = new ArrayList<>(content.size());
		List<String> texts = new ArrayList<>(content.size());
		List<Integer> ids = new ArrayList<>(content.size());
		for (JsonNode entry : content) {
			JsonNode lp = entry.path("logprob");
			if (!lp.isNumber() || !Double.isFinite(lp.asDouble()) || lp.asDouble() > 0) {
				throw PolicyException.malformed("logprobs must be finite numbers no greater than 0");
			}
			logprobs.add(lp.asDouble());
			String token = entry.path("token").asString("");
			Matcher placeholder = PLACEHOLDER.matcher(token);
			if (placeholder.matches()) {
				ids.add(tokenId(placeholder.group(1)));
			}
			else {
				texts.add(token);
			}
		}
		if (!ids.isEmpty() && !texts.isEmpty()) {
			throw PolicyException.malformed("logprobs mix token_id placeholders with token texts");
		}
		return ids.isEmpty() ? new LogprobTokens(logprobs, texts, null) : new LogprobTokens(logprobs, null, ids);
	}

	private static int tokenId(String digits) {
		try {
			return Integer.parseInt(digits);
		}
		catch (NumberFormatException ex) {
			throw PolicyException.malformed("token id placeholder out of range: token_id:" + digits);
		}
	}

}
