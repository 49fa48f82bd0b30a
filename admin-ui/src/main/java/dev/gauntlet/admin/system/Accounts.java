package dev.gauntlet.admin.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Accounts in {@code admin.app_user}, with BCrypt password hashes and one role each. */
@Component
class Accounts implements UserDetailsService {

	private static final Logger log = LoggerFactory.getLogger(Accounts.class);

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final AdminSettings settings;

	Accounts(JdbcClient jdbc, PasswordEncoder passwords, AdminSettings settings) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.settings = settings;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return jdbc.sql("SELECT username, password_hash, role FROM app_user WHERE username = ?")
			.param(username)
			.query((rs, n) -> User.withUsername(rs.getString(1)).password(rs.getString(2)).roles(rs.getString(3)).build())
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("no such user"));
	}

	@EventListener(ApplicationReadyEvent.class)
	void createBootstrapUsers() {
		for (AdminSettings.BootstrapUser user : settings.bootstrapUsers()) {
			int created = jdbc.sql("INSERT INTO app_user (username, password_hash, role) VALUES (?, ?, ?) "
					+ "ON CONFLICT (username) DO NOTHING")
				.params(user.username(), passwords.encode(user.password()), user.role())
				.update();
			if (created > 0) {
				log.info("Created {} account {}", user.role(), user.username());
			}
		}
		if (jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single() == 0) {
			log.warn("No admin UI accounts exist: set gauntlet.admin.bootstrap-users to create the first ones");
		}
	}

}
