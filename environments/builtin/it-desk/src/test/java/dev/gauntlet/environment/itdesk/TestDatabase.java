package dev.gauntlet.environment.itdesk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gauntlet.testing.SharedInfrastructure;

/**
 * A real PostgreSQL for the tests: one pool per test class, in a fresh schema of its own, with this module's
 * migration applied as environment-service's Flyway would apply it.
 */
final class TestDatabase {

	private static final AtomicInteger SCHEMAS = new AtomicInteger();

	private TestDatabase() {
	}

	static HikariDataSource create() {
		SharedInfrastructure.Endpoints db = SharedInfrastructure.get();
		String schema = "it_desk_test_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(db.jdbcUrl());
		config.setUsername(db.username());
		config.setPassword(db.password());
		config.setMaximumPoolSize(4);
		HikariDataSource bootstrap = new HikariDataSource(config);
		execute(bootstrap, "CREATE SCHEMA " + schema);
		bootstrap.close();
		config.setSchema(schema);
		HikariDataSource dataSource = new HikariDataSource(config);
		execute(dataSource, migration());
		return dataSource;
	}

	private static String migration() {
		try (InputStream in = TestDatabase.class.getResourceAsStream("/db/migration/environments/V100__it_desk.sql")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void execute(DataSource dataSource, String sql) {
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
			s.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
