/**
 * Kafka plumbing every service shares.
 *
 * <ul>
 * <li>{@link dev.gauntlet.messaging.MessagingAutoConfiguration} creates Gauntlet's topics and an idempotent
 * producer.</li>
 * <li>{@link dev.gauntlet.messaging.EventConsumers} builds listener containers that decode events, send what they
 * cannot parse or process to {@code <topic>.dlq} with the reason, and go on.</li>
 * <li>{@link dev.gauntlet.messaging.Outbox} makes "write the row, publish the event" atomic: the event is written
 * in the same database transaction as the state change and relayed to Kafka afterwards.</li>
 * </ul>
 */
@NullMarked
package dev.gauntlet.messaging;

import org.jspecify.annotations.NullMarked;
