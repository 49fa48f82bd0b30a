package dev.gauntlet.environment.service.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** API tokens: random, shown once, stored as SHA-256 hashes, each with a role (ADMIN or VIEWER). */
@Component
class ApiTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final byte[] bootstrap;

	ApiTokens(JdbcClient jdbc, AccessSettings settings) {
		this.jdbc = jdbc;
		this.bootstrap = settings.bootstrapAdminToken().isEmpty() ? new byte[0] : hash(settings.bootstrapAdminToken())
			.getBytes(StandardCharsets.US_ASCII);
	}

	/** Who holds a token. */
	record Holder(String name, String role) {
	}

	/** A token as listed: never the token itself. */
	record TokenInfo(UUID id, String name, String role, Instant createdAt, @Nullable Instant revokedAt) {
	}

	/** A new token; {@code token} is shown this once. */
	record Created(UUID id, String name, String role, String token) {
	}

	Optional<Holder> holder(String token) {
		String hash = hash(token);
		if (bootstrap.length > 0 && MessageDigest.isEqual(bootstrap, hash.getBytes(StandardCharsets.US_ASCII))) {
			return Optional.of(new Holder("bootstrap-admin", "ADMIN"));
		}
		return jdbc.sql("SELECT name, role FROM api_token WHERE token_hash = ? AND revoked_at IS NULL")
			.param(hash)
			.query((rs, n) -> new Holder(rs.getString(1), rs.getString(2)))
			.optional();
	}

	Created create(String name, String role) {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String token = "gt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO api_token (id, name, role, token_hash) VALUES (?, ?, ?, ?)")
			.params(id, name, role, hash(token))
			.update();
		return new Created(id, name, role, token);
	}

	List<TokenInfo> list() {
		return jdbc.sql("SELECT id, name, role, created_at, revoked_at FROM api_token ORDER BY created_at DESC")
			.query((rs, n) -> new TokenInfo(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
			.list();
	}

	boolean revoke(UUID id) {
		return jdbc.sql("UPDATE api_token SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL").param(id)
			.update() > 0;
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
