package dev.gauntlet.messaging;

import java.util.List;

import dev.gauntlet.contracts.GauntletEvent;

/**
 * Processes a batch of decoded events. Must be idempotent: after a crash, a batch may be delivered again.
 *
 * <p>Throwing fails the batch; the consumer then retries its events one by one, so a single poison event is
 * dead-lettered without holding up the others. Throw {@link RetriableProcessingException} for a failure of
 * something outside the event (a database or service outage): such an event is retried until it succeeds, never
 * dead-lettered.
 */
@FunctionalInterface
public interface EventHandler<T extends GauntletEvent> {

	void handle(List<T> events);

}
