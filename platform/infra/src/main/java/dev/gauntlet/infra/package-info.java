/**
 * Real infrastructure in-process: PostgreSQL from embedded binaries and a single-node KRaft Kafka broker. The local
 * stack ({@code ./gauntlet up}) runs on these, and so do tests on machines without a Docker engine.
 */
@NullMarked
package dev.gauntlet.infra;

import org.jspecify.annotations.NullMarked;
