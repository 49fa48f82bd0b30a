/**
 * Real PostgreSQL and Kafka for tests: Testcontainers when a Docker engine answers, the embedded servers of
 * {@code gauntlet-infra} otherwise. Tests only {@code @Import(InfrastructureTestConfiguration.class)}.
 */
@NullMarked
package dev.gauntlet.testing;

import org.jspecify.annotations.NullMarked;
