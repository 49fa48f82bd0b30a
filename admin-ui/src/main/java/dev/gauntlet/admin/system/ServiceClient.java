package dev.gauntlet.admin.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.gauntlet.web.BoundedHttp;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * JSON over HTTP to the other services. A service that is down, slow or answers something unreadable gives a
 * {@link Reply} that says so; pages show it instead of failing.
 */
@Component
public class ServiceClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Pages show a page of results at a time; a reply near this size is not a page. */
	static final long MAX_REPLY_BYTES = 64L << 20;

	private final HttpClient http;

	private final AdminSettings settings;

	public ServiceClient(AdminSettings settings) {
		this.settings = settings;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(settings.serviceTimeout())
			.build();
	}

	/**
	 * A service's answer.
	 *
	 * @param status the HTTP status, or 0 when the service could not be reached
	 * @param body the JSON body as maps, lists and scalars; null when there was none or it was not JSON
	 * @param problem why the call failed, for people: unreachable, or the problem+json detail
	 */
	public record Reply(int status, @Nullable Object body, @Nullable String problem) {

		public boolean ok() {
			return status >= 200 && status < 300;
		}

		/** The service answered that the route does not exist (yet): 404 without a problem of ours, or 405. */
		public boolean missingRoute() {
			return status == 405 || (status == 404 && !(body instanceof Map<?, ?> m && m.get("detail") != null
					&& String.valueOf(m.get("type")).startsWith("https://gauntlet.dev/problems/")));
		}

		@SuppressWarnings("unchecked")
		public Map<String, Object> map() {
			return body instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
		}

		@SuppressWarnings("unchecked")
		public List<Object> list() {
			return body instanceof List<?> l ? (List<Object>) l : List.of();
		}

	}

	public Reply get(URI base, String path) {
		return send(HttpRequest.newBuilder(uri(base, path)).GET(), null);
	}

	public Reply send(URI base, String method, String path, @Nullable String body, String contentType,
			@Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(base, path))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", contentType);
		}
		return send(request, token);
	}

	public Reply postJson(URI base, String path, Object body, @Nullable String token) {
		return send(base, "POST", path, JSON.writeValueAsString(body), "application/json", token);
	}

	private Reply send(HttpRequest.Builder request, @Nullable String token) {
		request.header("Accept", "application/json");
		if (token != null && !token.isBlank()) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpRequest built = request.build();
		try {
			// the whole reply within the limit: a service that stalls after its headers cannot hold a page
			HttpResponse<String> response = BoundedHttp.send(http, built, settings.serviceTimeout().multipliedBy(6),
					MAX_REPLY_BYTES);
			String body = response.body();
			Object json = null;
			if (!body.isBlank()) {
				try {
					json = JSON.readValue(body, Object.class);
				}
				catch (JacksonException ex) {
					json = null;
				}
			}
			String problem = null;
			if (response.statusCode() >= 400) {
				problem = json instanceof Map<?, ?> m && m.get("detail") != null ? String.valueOf(m.get("detail"))
						: "HTTP " + response.statusCode();
			}
			return new Reply(response.statusCode(), json, problem);
		}
		catch (BoundedHttp.ReplyTooLarge ex) {
			return new Reply(0, null, built.uri().getAuthority() + " answered more than " + MAX_REPLY_BYTES + " bytes");
		}
		catch (IOException ex) {
			return new Reply(0, null, built.uri().getScheme() + "://" + built.uri().getAuthority()
					+ " is unreachable (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Reply(0, null, "interrupted");
		}
	}

	private static URI uri(URI base, String path) {
		String text = base.toString();
		return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
	}

}
