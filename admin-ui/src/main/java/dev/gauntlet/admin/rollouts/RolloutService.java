package dev.gauntlet.admin.rollouts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.gauntlet.admin.system.AdminSettings;
import dev.gauntlet.admin.system.ServiceClient;
import dev.gauntlet.admin.system.ServiceClient.Reply;

import org.springframework.stereotype.Component;

/**
 * rollout-service's read API. {@code GET /v1/jobs/{id}} exists today; the job list, the rollout list with filters
 * and the trajectory route ({@code GET /v1/jobs}, {@code GET /v1/rollouts}, {@code GET /v1/rollouts/{id}}) are
 * used when rollout-service offers them, and the pages say so when it does not.
 */
@Component
class RolloutService {

	private final ServiceClient client;

	private final AdminSettings settings;

	RolloutService(ServiceClient client, AdminSettings settings) {
		this.client = client;
		this.settings = settings;
	}

	Reply jobs(int page, int size) {
		return client.get(settings.rolloutServiceUrl(), "/v1/jobs?page=" + page + "&size=" + size);
	}

	Reply job(String id) {
		return client.get(settings.rolloutServiceUrl(), "/v1/jobs/" + encode(id));
	}

	/** One page of {@code GET /v1/rollouts}: {@code {items, next}}, where {@code next} is the cursor ({@code after}). */
	Reply rollouts(Map<String, String> filters, @org.jspecify.annotations.Nullable String after, int limit) {
		StringBuilder path = new StringBuilder("/v1/rollouts?limit=").append(limit);
		if (after != null && !after.isBlank()) {
			path.append("&after=").append(encode(after));
		}
		filters.forEach((key, value) -> {
			if (value != null && !value.isBlank()) {
				path.append('&').append(key).append('=').append(encode(value.strip()));
			}
		});
		return client.get(settings.rolloutServiceUrl(), path.toString());
	}

	Reply rollout(String id) {
		return client.get(settings.rolloutServiceUrl(), "/v1/rollouts/" + encode(id));
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
