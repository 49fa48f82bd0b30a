package dev.gauntlet.environment.service.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

/**
 * Collects a reply body, and gives up on the exchange as soon as it grows past {@code maxBytes}, so an oversized
 * reply costs at most that much memory. As a future, the body can be waited for with a time limit, which the JDK's
 * request timeout (it ends when the headers arrive) does not give.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

	private final long maxBytes;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final CompletableFuture<byte[]> body = new CompletableFuture<>();

	private Flow.@Nullable Subscription subscription;

	CappedBody(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		if (body.isDone()) {
			return;
		}
		for (ByteBuffer buffer : buffers) {
			if (bytes.size() + (long) buffer.remaining() > maxBytes) {
				body.completeExceptionally(new TooLarge(maxBytes));
				if (subscription != null) {
					subscription.cancel();
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
		body.complete(bytes.toByteArray());
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return body;
	}

	/** The reply was larger than the cap. */
	static final class TooLarge extends IOException {

		TooLarge(long maxBytes) {
			super("more than " + maxBytes + " bytes");
		}

	}

}
