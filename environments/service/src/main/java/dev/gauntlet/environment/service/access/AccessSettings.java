package dev.gauntlet.environment.service.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API access, under {@code gauntlet.environments.api}.
 *
 * @param bootstrapAdminToken an ADMIN token accepted besides the stored ones, for first use and for the admin UI
 * (set it from a secret, for example the environment variable {@code GAUNTLET_ENVIRONMENTS_API_BOOTSTRAPADMINTOKEN});
 * empty (the default) accepts none. Tokens shorter than 16 characters are refused at start-up.
 */
@ConfigurationProperties("gauntlet.environments.api")
public record AccessSettings(@DefaultValue("") String bootstrapAdminToken) {

	public AccessSettings {
		if (!bootstrapAdminToken.isEmpty() && bootstrapAdminToken.length() < 16) {
			throw new IllegalArgumentException(
					"gauntlet.environments.api.bootstrap-admin-token must be at least 16 characters");
		}
	}

}
