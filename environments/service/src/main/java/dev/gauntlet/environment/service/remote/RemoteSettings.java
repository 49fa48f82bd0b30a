package dev.gauntlet.environment.service.remote;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How environment-service talks to remote environments, under {@code gauntlet.environments.remote}.
 *
 * @param allowedHosts host names that may be registered whatever they resolve to (exact, case-insensitive)
 * @param allowedNetworks CIDR blocks, for example {@code 10.20.0.0/16}; every address a host name resolves to must
 * lie in one of them, unless the name is in {@code allowedHosts}. Both empty (the default) refuses every remote.
 * @param connectTimeout time limit for opening a connection
 * @param requestTimeout time limit for one request, reply included
 * @param retries extra attempts after a failed idempotent call (connection errors, time-outs, 429, 502-504)
 * @param retryBackoff pause before the first retry; doubles on each further retry
 * @param breakerFailureThreshold consecutive failed calls after which a remote's circuit opens
 * @param breakerOpenFor how long an open circuit refuses calls before one trial call is let through
 * @param maxResponseSize the largest reply read from a remote; larger replies are an error (at most 1 GB: a reply
 *     is held in memory)
 */
@ConfigurationProperties("gauntlet.environments.remote")
public record RemoteSettings(@DefaultValue List<String> allowedHosts, @DefaultValue List<String> allowedNetworks,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout,
		@DefaultValue("2") int retries, @DefaultValue("200ms") Duration retryBackoff,
		@DefaultValue("5") int breakerFailureThreshold, @DefaultValue("30s") Duration breakerOpenFor,
		@DefaultValue("1MB") DataSize maxResponseSize) {

	public RemoteSettings {
		if (maxResponseSize.toBytes() < 1 || maxResponseSize.toBytes() > DataSize.ofGigabytes(1).toBytes()) {
			throw new IllegalArgumentException(
					"gauntlet.environments.remote.max-response-size must be between 1B and 1GB: " + maxResponseSize);
		}
	}

}
