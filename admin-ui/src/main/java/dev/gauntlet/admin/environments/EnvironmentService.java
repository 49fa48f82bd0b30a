package dev.gauntlet.admin.environments;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.gauntlet.admin.system.AdminSettings;
import dev.gauntlet.admin.system.ServiceClient;
import dev.gauntlet.admin.system.ServiceClient.Reply;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** environment-service's registry API, as the pages use it. Changes carry the UI's ADMIN API token. */
@Component
class EnvironmentService {

	private final ServiceClient client;

	private final AdminSettings settings;

	EnvironmentService(ServiceClient client, AdminSettings settings) {
		this.client = client;
		this.settings = settings;
	}

	Reply search(@Nullable String q, @Nullable String domain, @Nullable String lifecycle, int page, int size) {
		StringBuilder path = new StringBuilder("/v1/environments?page=").append(page).append("&size=").append(size);
		param(path, "q", q);
		param(path, "domain", domain);
		param(path, "lifecycle", lifecycle);
		return client.get(settings.environmentServiceUrl(), path.toString());
	}

	Reply get(String reference) {
		return client.get(settings.environmentServiceUrl(), "/v1/environments/" + encode(reference));
	}

	Reply versions(String name) {
		return client.get(settings.environmentServiceUrl(), "/v1/environments/" + encode(name) + "/versions");
	}

	Reply version(String name, String version) {
		return client.get(settings.environmentServiceUrl(),
				"/v1/environments/" + encode(name) + "/versions/" + encode(version));
	}

	Reply datasets(String name, String version) {
		return client.get(settings.environmentServiceUrl(),
				"/v1/environments/" + encode(name) + "/versions/" + encode(version) + "/datasets");
	}

	Reply register(Map<String, Object> request) {
		return client.postJson(settings.environmentServiceUrl(), "/v1/environments", request, token());
	}

	Reply probe(Map<String, Object> request) {
		return client.postJson(settings.environmentServiceUrl(), "/v1/environments/probe", request, token());
	}

	Reply lifecycle(String name, String version, String lifecycle) {
		return client.send(settings.environmentServiceUrl(), "PUT",
				"/v1/environments/" + encode(name) + "/versions/" + encode(version) + "/lifecycle",
				"{\"lifecycle\":\"" + lifecycle + "\"}", "application/json", token());
	}

	Reply upload(String name, String version, String dataset, String mode, String jsonl) {
		return client.send(settings.environmentServiceUrl(), "POST", "/v1/environments/" + encode(name) + "/versions/"
				+ encode(version) + "/datasets/" + encode(dataset) + "?mode=" + encode(mode), jsonl,
				"application/x-ndjson", token());
	}

	private String token() {
		return settings.environmentServiceToken();
	}

	private static void param(StringBuilder path, String name, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			path.append('&').append(name).append('=').append(encode(value.strip()));
		}
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
