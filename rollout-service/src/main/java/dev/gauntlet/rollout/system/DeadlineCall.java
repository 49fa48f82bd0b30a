package dev.gauntlet.rollout.system;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.web.BoundedHttp;

/**
 * One outbound call of a rollout. It waits for one of the target's permits, then sends under the call's own timeout
 * or what is left of the rollout's deadline, whichever is shorter, so no call runs past the deadline. Waiting for a
 * permit counts against the deadline too: a busy target makes rollouts queue, and that is no failure until the
 * deadline. Each way the call can fail is named in {@link Failure}, so a client only decides what each means for its
 * own target.
 */
public final class DeadlineCall {

	private static final Duration SHORTEST = Duration.ofMillis(1);

	private DeadlineCall() {
	}

	/** How a call failed. */
	public enum Failure {

		/** The rollout's deadline ran out, waiting for a permit or during the call. */
		DEADLINE_EXCEEDED,
		/** The calling thread was interrupted (a cancelled job); the interrupt flag is set again. */
		CANCELLED,
		/** The reply was larger than the caller accepts. */
		REPLY_TOO_LARGE,
		/** No connection could be made in time, or the target refused it: the call never reached the server. */
		UNREACHABLE,
		/** The call's own timeout ran out before the whole reply arrived. */
		TIMEOUT,
		/** The connection broke after it was made. */
		CONNECTION_FAILED

	}

	/** A call that failed, and how. */
	public static final class Failed extends Exception {

		private final Failure failure;

		Failed(Failure failure, String message, Throwable cause) {
			super(message, cause);
			this.failure = failure;
		}

		public Failure failure() {
			return failure;
		}

	}

	/**
	 * @param permits the target's in-flight limit; one permit is held for the call
	 * @param timeout the call's own timeout
	 * @param deadline the rollout's deadline, a {@link System#nanoTime()} value
	 * @param maxBytes the largest reply body accepted
	 */
	public static HttpResponse<String> send(HttpClient http, HttpRequest request, Semaphore permits, Duration timeout,
			long deadline, long maxBytes) throws Failed {
		try {
			long wait = deadline - System.nanoTime();
			if (wait <= 0 || !permits.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
				throw new Failed(Failure.DEADLINE_EXCEEDED, "deadline passed waiting for a permit", null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Failed(Failure.CANCELLED, "interrupted while waiting for a permit", ex);
		}
		long remaining = deadline - System.nanoTime();
		boolean byDeadline = remaining < timeout.toNanos();
		Duration limit = byDeadline ? Duration.ofNanos(Math.max(SHORTEST.toNanos(), remaining)) : timeout;
		try {
			return BoundedHttp.send(http, request, limit, maxBytes);
		}
		catch (BoundedHttp.ReplyTooLarge ex) {
			throw new Failed(Failure.REPLY_TOO_LARGE, ex.getMessage(), ex);
		}
		catch (HttpConnectTimeoutException | ConnectException ex) {
			throw new Failed(Failure.UNREACHABLE, ex.toString(), ex);
		}
		catch (HttpTimeoutException ex) {
			throw new Failed(byDeadline ? Failure.DEADLINE_EXCEEDED : Failure.TIMEOUT, ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new Failed(Failure.CONNECTION_FAILED, ex.toString(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Failed(Failure.CANCELLED, "interrupted during the call", ex);
		}
		finally {
			permits.release();
		}
	}

}
