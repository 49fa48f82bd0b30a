package dev.gauntlet.environment.service.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.gauntlet.web.BoundedHttp;
import dev.gauntlet.web.ReplyText;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * JSON over HTTP to remote environments, defensively: the allowlist is checked before every call, redirects are
 * never followed, each request has a time limit, replies are size-capped and must be JSON objects, idempotent
 * calls are retried with backoff, and a circuit breaker per remote stops calling one that keeps failing.
 */
@Component
public class RemoteClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RemoteSettings settings;

	private final Allowlist allowlist;

	private final HttpClient http;

	private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	private final Clock clock = Clock.systemUTC();

	public RemoteClient(RemoteSettings settings, Allowlist allowlist) {
		this.settings = settings;
		this.allowlist = allowlist;
		this.http = newClient(settings);
	}

	private static HttpClient newClient(RemoteSettings settings) {
		return HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(settings.connectTimeout())
			.build();
	}

	/**
	 * How a call is made: run-time calls retry and use the breaker; registration probes do neither. A repeatable
	 * call that went out on a pooled connection the remote had already closed is sent again at once, on a fresh
	 * one, without using up a retry. A tool call is never sent twice that way: a remote that read it, acted, and
	 * then closed without answering (Python's {@code http.server} when a handler raises) looks just the same, so a
	 * tool call always takes a connection of its own instead.
	 */
	public enum Mode {

		/** A call that may be repeated safely (health, seed_session, verify): retried, guarded by the breaker. */
		IDEMPOTENT,
		/** A tool call: retried only when the request surely never reached the remote; guarded by the breaker. */
		ONCE,
		/** A registration probe: one attempt, no breaker, so its report is about this very call. */
		PROBE

	}

	public JsonNode get(String baseUrl, String path, Mode mode) {
		return call(baseUrl, path, null, mode);
	}

	public JsonNode post(String baseUrl, String path, Object body, Mode mode) {
		return call(baseUrl, path, JSON.writeValueAsString(body), mode);
	}

	private JsonNode call(String baseUrl, String path, @Nullable String body, Mode mode) {
		URI base;
		try {
			base = allowlist.check(baseUrl);
		}
		catch (Allowlist.Refused ex) {
			throw new RemoteException("refused " + baseUrl + ": " + ex.getMessage());
		}
		CircuitBreaker breaker = mode == Mode.PROBE ? null
				: breakers.computeIfAbsent(base.toString(), b -> new CircuitBreaker(settings.breakerFailureThreshold(),
						settings.breakerOpenFor(), clock));
		if (breaker != null && !breaker.allow()) {
			throw new RemoteException("circuit open for " + base + " after " + settings.breakerFailureThreshold()
					+ " consecutive failures; next trial after " + breaker.openUntil());
		}
		long backoff = settings.retryBackoff().toMillis();
		RemoteException last;
		boolean resent = false;
		for (int attempt = 1;; attempt++) {
			try {
				JsonNode reply = once(base, path, body, mode);
				if (breaker != null) {
					breaker.success();
				}
				return reply;
			}
			catch (Attempt ex) {
				last = new RemoteException(ex.getMessage());
				if (ex.staleConnection && mode != Mode.ONCE && !resent) {
					resent = true;
					attempt--; // on a fresh connection, at once, and not counted as a retry
					continue;
				}
				boolean retry = attempt <= settings.retries() && switch (mode) {
					case IDEMPOTENT -> ex.retriable;
					case ONCE -> ex.retriable && ex.neverSent;
					case PROBE -> false;
				};
				if (!retry) {
					break;
				}
				sleep(backoff);
				backoff *= 2;
			}
		}
		if (breaker != null) {
			breaker.failure();
		}
		throw last;
	}

	private JsonNode once(URI base, String path, @Nullable String body, Mode mode) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(settings.requestTimeout())
			.header("Accept", "application/json");
		if (body == null) {
			request.GET();
		}
		else {
			request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
		}
		HttpResponse<String> response;
		if (mode == Mode.ONCE) {
			HttpClient own = newClient(settings);
			try {
				response = exchange(own, request.build(), base, path);
			}
			finally {
				own.shutdownNow();
			}
		}
		else {
			response = exchange(http, request.build(), base, path);
		}
		String text = response.body();
		int status = response.statusCode();
		if (status >= 300 && status < 400) {
			throw new Attempt(path + " answered a redirect (HTTP " + status + "); redirects are refused", false,
					false);
		}
		if (status != 200) {
			boolean retriable = status == 429 || status == 502 || status == 503 || status == 504;
			throw new Attempt(path + " answered HTTP " + status + ": " + ReplyText.excerpt(text), retriable, false);
		}
		try {
			JsonNode json = JSON.readTree(text);
			if (json == null || !json.isObject()) {
				throw new Attempt(path + " did not answer a JSON object: " + ReplyText.excerpt(text), false, false);
			}
			return json;
		}
		catch (JacksonException ex) {
			throw new Attempt(path + " did not answer JSON: " + ReplyText.excerpt(text), false, false);
		}
	}

	/** Sends the request and waits for the whole reply, headers and body, within the request timeout. */
	private HttpResponse<String> exchange(HttpClient client, HttpRequest request, URI base, String path) {
		try {
			return BoundedHttp.send(client, request, settings.requestTimeout(), settings.maxResponseSize().toBytes());
		}
		catch (InterruptedException ex) {
			// the caller gave up (a verify past its time limit): no retry, and no failure of the remote's
			Thread.currentThread().interrupt();
			throw new RemoteException(path + ": interrupted");
		}
		catch (IOException | RuntimeException ex) {
			throw failed(ex, base, path);
		}
	}

	private Attempt failed(Throwable ex, URI base, String path) {
		if (ex instanceof ConnectException || ex instanceof HttpConnectTimeoutException) {
			return new Attempt(path + ": cannot connect to " + base + " (" + ex.getClass().getSimpleName() + ")", true,
					true);
		}
		if (ex instanceof HttpTimeoutException) {
			return noReply(path);
		}
		if (ex instanceof BoundedHttp.ReplyTooLarge) {
			return new Attempt(path + ": " + ex.getMessage(), false, false);
		}
		String detail = path + ": " + ex.getClass().getSimpleName() + " talking to " + base
				+ (ex.getMessage() == null ? "" : ": " + ex.getMessage());
		if (!(ex instanceof IOException io)) {
			return new Attempt(detail, false, false);
		}
		return staleConnection(io) ? Attempt.stale(detail) : new Attempt(detail, true, false);
	}

	private Attempt noReply(String path) {
		return new Attempt(path + ": no reply within " + settings.requestTimeout().toMillis() + " ms", true, false);
	}

	/**
	 * The JDK client pools a connection after any reply without {@code Connection: close}, HTTP/1.0 replies
	 * included, so a request to a remote that closes after each reply (Python's {@code http.server} by default) can
	 * go out on a socket the remote already closed, and ends before a single byte of reply. Such a request usually
	 * never reached the remote's handler, but one the handler read and then died on ends the same way.
	 */
	private static boolean staleConnection(IOException ex) {
		return ex.getMessage() != null && ex.getMessage().contains("header parser received no bytes");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RemoteException("interrupted while waiting to retry");
		}
	}

	/**
	 * One failed attempt; whether retrying may help, whether the request surely never reached the remote, and
	 * whether it went out on a pooled connection the remote had closed.
	 */
	private static final class Attempt extends RuntimeException {

		final boolean retriable;

		final boolean neverSent;

		final boolean staleConnection;

		Attempt(String message, boolean retriable, boolean neverSent) {
			this(message, retriable, neverSent, false);
		}

		private Attempt(String message, boolean retriable, boolean neverSent, boolean staleConnection) {
			super(message, null, false, false);
			this.retriable = retriable;
			this.neverSent = neverSent;
			this.staleConnection = staleConnection;
		}

		/** Retriable, but not surely unsent: a remote that read the request and then died looks the same. */
		static Attempt stale(String message) {
			return new Attempt(message, true, false, true);
		}

	}

}
