package dev.gauntlet.environment.itdesk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import javax.sql.DataSource;

/**
 * Sessions in PostgreSQL, one row each ({@code it_desk_session}, created by the migration
 * {@code db/migration/environments/V100__it_desk.sql}). A tool call locks its session's row, so calls for one
 * session run one at a time whichever replica serves them, and a call either writes its whole change or none.
 */
final class SessionStore {

	/** Sessions untouched for this long are swept when new sessions start. */
	static final String SWEEP_AFTER = "2 days";

	private final DataSource dataSource;

	private final AtomicLong creates = new AtomicLong();

	SessionStore(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** What a call did: the result to return and, when the session changed, its new world. */
	record Outcome<T>(T result, Optional<World> changed) {
	}

	/** A session row as stored. */
	record Session(String taskId, World world, int toolCalls) {
	}

	void create(String sessionId, String taskId, World world) {
		if (creates.incrementAndGet() % 256 == 0) {
			update("DELETE FROM it_desk_session WHERE updated_at < now() - interval '" + SWEEP_AFTER + "'");
		}
		update("""
				INSERT INTO it_desk_session (session_id, task_id, world) VALUES (?, ?, ?::jsonb)
				ON CONFLICT (session_id) DO UPDATE SET task_id = excluded.task_id, world = excluded.world,
				    tool_calls = 0, created_at = now(), updated_at = now()""", sessionId, taskId, Json.write(world));
	}

	Optional<Session> find(String sessionId) {
		try (Connection c = dataSource.getConnection();
				PreparedStatement s = c
					.prepareStatement("SELECT task_id, world::text, tool_calls FROM it_desk_session WHERE session_id = ?")) {
			s.setString(1, sessionId);
			try (ResultSet rs = s.executeQuery()) {
				return rs.next() ? Optional.of(new Session(rs.getString(1), Json.read(rs.getString(2), World.class),
						rs.getInt(3))) : Optional.empty();
			}
		}
		catch (SQLException ex) {
			throw new SessionStoreException(ex);
		}
	}

	/**
	 * Runs a call on a session under its row lock and stores the changed world in the same transaction. Empty
	 * when the session does not exist.
	 */
	<T> Optional<T> apply(String sessionId, Function<Session, Outcome<T>> call) {
		try (Connection c = dataSource.getConnection()) {
			boolean autoCommit = c.getAutoCommit();
			c.setAutoCommit(false);
			try {
				Optional<T> result = applyLocked(c, sessionId, call);
				c.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				c.rollback();
				throw ex;
			}
			finally {
				c.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new SessionStoreException(ex);
		}
	}

	private static <T> Optional<T> applyLocked(Connection c, String sessionId, Function<Session, Outcome<T>> call)
			throws SQLException {
		Session session;
		try (PreparedStatement s = c.prepareStatement(
				"SELECT task_id, world::text, tool_calls FROM it_desk_session WHERE session_id = ? FOR UPDATE")) {
			s.setString(1, sessionId);
			try (ResultSet rs = s.executeQuery()) {
				if (!rs.next()) {
					return Optional.empty();
				}
				session = new Session(rs.getString(1), Json.read(rs.getString(2), World.class), rs.getInt(3));
			}
		}
		Outcome<T> outcome = call.apply(session);
		try (PreparedStatement s = c.prepareStatement("""
				UPDATE it_desk_session SET tool_calls = tool_calls + 1, updated_at = now(),
				    world = COALESCE(?::jsonb, world) WHERE session_id = ?""")) {
			s.setString(1, outcome.changed().map(Json::write).orElse(null));
			s.setString(2, sessionId);
			s.executeUpdate();
		}
		return Optional.of(outcome.result());
	}

	void delete(String sessionId) {
		update("DELETE FROM it_desk_session WHERE session_id = ?", sessionId);
	}

	private void update(String sql, Object... params) {
		try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				s.setObject(i + 1, params[i]);
			}
			s.executeUpdate();
		}
		catch (SQLException ex) {
			throw new SessionStoreException(ex);
		}
	}

	/** The database failed: an infrastructure fault, never a verdict on the model. */
	static final class SessionStoreException extends RuntimeException {

		SessionStoreException(SQLException cause) {
			super("it-desk session store: " + cause.getMessage(), cause);
		}

	}

}
