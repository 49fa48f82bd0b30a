package dev.gauntlet.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server from the zonky embedded binaries, holding one database named {@value #DATABASE}.
 *
 * <p>With a data directory, the data survives restarts; without one it lives in a temporary directory. Close it
 * (or let the JVM exit on SIGTERM) to stop the server: pg_ctl daemonizes postgres, so a SIGKILLed JVM leaves it
 * running.
 */
public final class LocalPostgres implements AutoCloseable {

	public static final String DATABASE = "gauntlet";

	public static final String USER = "postgres";

	private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

	private final EmbeddedPostgres server;

	private LocalPostgres(EmbeddedPostgres server) {
		this.server = server;
	}

	/**
	 * Starts the server.
	 * @param dataDirectory where the cluster lives across restarts, or null for a throwaway one
	 * @param port the port, or 0 for any free one
	 */
	public static LocalPostgres start(@Nullable Path dataDirectory, int port) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setPort(port)
				// Durability is the host's business in production; locally, speed matters more.
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("max_connections", "300");
			if (dataDirectory != null) {
				builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
			}
			LocalPostgres postgres = new LocalPostgres(builder.start());
			postgres.createDatabaseIfAbsent();
			log.info("PostgreSQL listening on port {}", postgres.port());
			return postgres;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start", ex);
		}
	}

	private void createDatabaseIfAbsent() {
		try (Connection c = DriverManager.getConnection(server.getJdbcUrl(USER, "postgres"), USER, "");
				var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			exists.setString(1, DATABASE);
			if (!exists.executeQuery().next()) {
				c.createStatement().execute("CREATE DATABASE " + DATABASE);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create database " + DATABASE, ex);
		}
	}

	public int port() {
		return server.getPort();
	}

	public String jdbcUrl() {
		return server.getJdbcUrl(USER, DATABASE);
	}

	public String username() {
		return USER;
	}

	public String password() {
		return "";
	}

	@Override
	public void close() {
		try {
			server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not stop cleanly", ex);
		}
	}

}
