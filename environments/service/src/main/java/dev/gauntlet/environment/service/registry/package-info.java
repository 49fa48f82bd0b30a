/**
 * The environment registry: immutable {@code name@version} entries in PostgreSQL, registration of remote
 * environments after a probe, version resolution, and the REST API that changes the registry.
 */
@NullMarked
package dev.gauntlet.environment.service.registry;

import org.jspecify.annotations.NullMarked;
