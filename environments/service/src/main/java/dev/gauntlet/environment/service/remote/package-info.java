/**
 * Remote environments: HTTP servers in any language that speak the environment protocol. Calls to them have time
 * limits, retries and a circuit breaker per server; their addresses must be on an allowlist (SSRF), and redirects
 * are refused.
 */
@NullMarked
package dev.gauntlet.environment.service.remote;

import org.jspecify.annotations.NullMarked;
