package dev.gauntlet.admin.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin UI's settings, under {@code gauntlet.admin}.
 *
 * @param environmentServiceUrl base URL of environment-service
 * @param rolloutServiceUrl base URL of rollout-service
 * @param trainerUrl base URL of policy-trainer
 * @param environmentServiceToken the ADMIN API token the UI sends to environment-service for changes made by
 * signed-in admins (environment-service's {@code gauntlet.environments.api.bootstrap-admin-token} or a token
 * created through {@code /v1/tokens}); empty means the UI cannot change the registry
 * @param serviceTimeout time limit of one call to another service
 * @param bootstrapUsers accounts created at start-up when absent (an existing account is never changed)
 */
@ConfigurationProperties("gauntlet.admin")
public record AdminSettings(@DefaultValue("http://localhost:8081") URI environmentServiceUrl,
		@DefaultValue("http://localhost:8082") URI rolloutServiceUrl,
		@DefaultValue("http://localhost:8084") URI trainerUrl, @DefaultValue("") String environmentServiceToken,
		@DefaultValue("5s") Duration serviceTimeout, @DefaultValue List<BootstrapUser> bootstrapUsers) {

	/**
	 * @param role ADMIN or VIEWER
	 * @param password at least 12 characters
	 */
	public record BootstrapUser(String username, String password, String role) {

		public BootstrapUser {
			if (username == null || !username.matches("[A-Za-z0-9_.@-]{1,64}")) {
				throw new IllegalArgumentException("gauntlet.admin.bootstrap-users: bad username " + username);
			}
			if (password == null || password.length() < 12) {
				throw new IllegalArgumentException(
						"gauntlet.admin.bootstrap-users: the password of " + username + " must have 12+ characters");
			}
			if (!"ADMIN".equals(role) && !"VIEWER".equals(role)) {
				throw new IllegalArgumentException("gauntlet.admin.bootstrap-users: role must be ADMIN or VIEWER");
			}
		}

	}

}
