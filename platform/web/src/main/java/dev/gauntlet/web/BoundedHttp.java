package dev.gauntlet.web;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
	 * @throws HttpTimeoutException when the reply is not complete within {@code limit}
	 * @throws InterruptedException when the caller was interrupted; the exchange is aborted first
	 */
	public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, Duration limit, long maxBytes)
			throws IOException, InterruptedException {
		CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request,
				info -> new LimitedBody(maxBytes));
		try {
			return exchange.get(limit.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw new HttpTimeoutException("no complete reply within " + limit.toMillis() + " ms");
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
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

	/** The reply body was larger than the caller accepts; it was refused before it was all in memory. */
	public static final class ReplyTooLarge extends IOException {

		ReplyTooLarge(long maxBytes) {
			super("reply exceeds " + maxBytes + " bytes");
		}

	}

}
