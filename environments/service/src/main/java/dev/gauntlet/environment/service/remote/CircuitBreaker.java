package dev.gauntlet.environment.service.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a remote that keeps failing: after {@code threshold} consecutive failures the circuit opens and
 * calls fail at once; after {@code openFor}, one trial call is let through, and its outcome closes or reopens it.
 */
final class CircuitBreaker {

	private final int threshold;

	private final Duration openFor;

	private final Clock clock;

	private int failures;

	private Instant openUntil = Instant.MIN;

	private boolean trialInFlight;

	CircuitBreaker(int threshold, Duration openFor, Clock clock) {
		this.threshold = threshold;
		this.openFor = openFor;
		this.clock = clock;
	}

	/** Whether a call may go out now. */
	synchronized boolean allow() {
		if (failures < threshold) {
			return true;
		}
		if (clock.instant().isBefore(openUntil) || trialInFlight) {
			return false;
		}
		trialInFlight = true;
		return true;
	}

	synchronized void success() {
		failures = 0;
		trialInFlight = false;
	}

	synchronized void failure() {
		failures++;
		trialInFlight = false;
		if (failures >= threshold) {
			openUntil = clock.instant().plus(openFor);
		}
	}

	synchronized Instant openUntil() {
		return openUntil;
	}

}
