package dev.gauntlet.web;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a request and reads its whole reply under one wall-clock limit. The JDK's {@link HttpRequest#timeout()} stops
 * counting once the response headers arrive, so a server that sends headers and then stalls the body would hold the
 * caller for ever. Here one timer covers connecting, the headers and the body; when it runs out, or the calling
 * thread is interrupted (a cancelled job), the exchange is aborted and its connection closed, so nothing keeps
 * running after the caller has given up.
 */
public final class BoundedHttp {

	private BoundedHttp() {
	}

	/**
	 * @param limit the most time the whole exchange may take
	 * @param maxBytes the largest body accepted; a larger one is refused while it arrives ({@link ReplyTooLarge})
	 * @return the response, its body decoded as UTF-8
	 * @throws HttpTimeoutException when the reply is not complete within {@code limit}
	 * @throws InterruptedException when the caller was interrupted; the exchange is aborted first
	 */
	public static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration limit, long maxBytes)
			throws IOException, InterruptedException {
		Bodies bodies = new Bodies(maxBytes);
		CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, bodies);
		try {
			return exchange.get(limit.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			abort(exchange, bodies);
			throw new HttpTimeoutException("no complete reply within " + limit.toMillis() + " ms");
		}
		catch (InterruptedException ex) {
			abort(exchange, bodies);
			throw ex;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
					: ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IOException(cause);
		}
	}

	private static void abort(CompletableFuture<?> exchange, Bodies bodies) {
		exchange.cancel(true);
		bodies.abort();
	}

	/** Makes each body subscriber of one exchange (a retried exchange gets another) and can abort them all. */
	private static final class Bodies implements HttpResponse.BodyHandler<String> {

		private final long maxBytes;

		private final List<LimitedBody> made = new CopyOnWriteArrayList<>();

		private volatile boolean aborted;

		Bodies(long maxBytes) {
			this.maxBytes = maxBytes;
		}

		@Override
		public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
			LimitedBody body = new LimitedBody(maxBytes);
			made.add(body);
			if (aborted) { // abort() may have missed it; aborting twice is harmless
				body.abort();
			}
			return body;
		}

		void abort() {
			aborted = true;
			made.forEach(LimitedBody::abort);
		}

	}

	/** The reply body was larger than the caller accepts; it was refused before it was all in memory. */
	public static final class ReplyTooLarge extends IOException {

		ReplyTooLarge(long maxBytes) {
			super("reply exceeds " + maxBytes + " bytes");
		}

	}

}
