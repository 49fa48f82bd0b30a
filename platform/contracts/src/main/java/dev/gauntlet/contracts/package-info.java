/**
 * Wire contracts shared by every Gauntlet service: Kafka topic names, event records and the rollout identity.
 *
 * <p>Every event is versioned JSON with a {@code schemaVersion} field. Records validate themselves in their
 * compact constructors, so a hostile or malformed record cannot be decoded into a half-valid object: decoding
 * fails with {@link dev.gauntlet.contracts.MalformedEventException} and the consumer dead-letters it.
 */
@NullMarked
package dev.gauntlet.contracts;

import org.jspecify.annotations.NullMarked;
