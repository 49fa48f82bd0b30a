package dev.gauntlet.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

/**
 * Collects a response body as UTF-8 text, cancelling the exchange as soon as it grows past {@code maxBytes}, so an
 * oversized reply costs at most that much memory. {@link #abort()} gives up on it from outside, at any time.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<String> {

	private final long maxBytes;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final CompletableFuture<String> body = new CompletableFuture<>();

	private volatile Flow.@Nullable Subscription subscription;

	LimitedBody(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (body.isDone()) { // aborted before the body began
			subscription.cancel();
			return;
		}
		subscription.request(Long.MAX_VALUE);
	}

	/**
	 * Stops reading and makes the client drop the connection. Cancelling the future of {@code sendAsync} alone
	 * does not always do that: now and then a cancelled exchange went on reading a trickling body.
	 */
	void abort() {
		body.completeExceptionally(new IOException("aborted by the caller"));
		Flow.Subscription current = subscription;
		if (current != null) {
			current.cancel();
		}
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		if (body.isDone()) {
			return;
		}
		for (ByteBuffer buffer : buffers) {
			if (bytes.size() + (long) buffer.remaining() > maxBytes) {
				body.completeExceptionally(new BoundedHttp.ReplyTooLarge(maxBytes));
				Flow.Subscription current = subscription;
				if (current != null) {
					current.cancel();
				}
				return;
			}
			byte[] chunk = new byte[buffer.remaining()];
			buffer.get(chunk);
			bytes.writeBytes(chunk);
		}
	}

	@Override
	public void onError(Throwable error) {
		body.completeExceptionally(error);
	}

	@Override
	public void onComplete() {
		body.complete(bytes.toString(StandardCharsets.UTF_8));
	}

	@Override
	public CompletionStage<String> getBody() {
		return body;
	}

}
