package dev.gauntlet.environment.service.dataset;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.environment.spi.Task;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Dataset versions and their rows. A stored dataset version is never changed; an upload adds the next one. */
@Component
public class DatasetStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	DatasetStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** One dataset version. */
	public record DatasetSummary(String name, int version, String sha256, long rowCount, long rejectedRows,
			String mode, Instant uploadedAt, String uploadedBy) {
	}

	@Transactional
	int store(String envName, String envVersion, String dataset, String mode, String by, JsonlUpload.Parsed parsed) {
		int version = jdbc.sql("SELECT coalesce(max(version), 0) + 1 FROM dataset WHERE env_name = ? AND env_version = ? "
				+ "AND name = ?")
			.params(envName, envVersion, dataset)
			.query(Integer.class)
			.single();
		jdbc.sql("""
				INSERT INTO dataset (env_name, env_version, name, version, sha256, row_count, rejected_rows, mode, uploaded_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(envName, envVersion, dataset, version, parsed.sha256(), parsed.rows().size(),
					parsed.errors().size(), mode, by)
			.update();
		for (JsonlUpload.Row row : parsed.rows()) {
			jdbc.sql("""
					INSERT INTO dataset_row (env_name, env_version, dataset, version, line_number, task_id, row)
					VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
					""")
				.params(envName, envVersion, dataset, version, row.line(), row.taskId(), row.json())
				.update();
		}
		return version;
	}

	/** Changes whenever a dataset version is added to an environment version. */
	public String stamp(String envName, String envVersion) {
		return jdbc.sql("SELECT count(*) || ':' || coalesce(max(uploaded_at)::text, '') FROM dataset "
				+ "WHERE env_name = ? AND env_version = ?")
			.params(envName, envVersion)
			.query(String.class)
			.single();
	}

	/** The newest version of each dataset of an environment version. */
	public List<DatasetSummary> latest(String envName, String envVersion) {
		return jdbc.sql("""
				SELECT DISTINCT ON (name) name, version, sha256, row_count, rejected_rows, mode, uploaded_at, uploaded_by
				FROM dataset WHERE env_name = ? AND env_version = ? ORDER BY name, version DESC
				""")
			.params(envName, envVersion)
			.query((rs, n) -> new DatasetSummary(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
					rs.getLong(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8)))
			.list();
	}

	/** Every version of every dataset of an environment version, newest first. */
	public List<DatasetSummary> all(String envName, String envVersion) {
		return jdbc.sql("""
				SELECT name, version, sha256, row_count, rejected_rows, mode, uploaded_at, uploaded_by
				FROM dataset WHERE env_name = ? AND env_version = ? ORDER BY name, version DESC
				""")
			.params(envName, envVersion)
			.query((rs, n) -> new DatasetSummary(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
					rs.getLong(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8)))
			.list();
	}

	/** The rows of the newest version of each dataset, as tasks with ids {@code <dataset>/<row id>}. */
	@SuppressWarnings("unchecked")
	public List<Task> latestTasks(String envName, String envVersion) {
		return jdbc.sql("""
				SELECT r.dataset || '/' || r.task_id, r.row::text FROM dataset_row r
				JOIN (SELECT name, max(version) AS version FROM dataset WHERE env_name = ? AND env_version = ?
				      GROUP BY name) d ON d.name = r.dataset AND d.version = r.version
				WHERE r.env_name = ? AND r.env_version = ?
				ORDER BY r.dataset, r.line_number
				""")
			.params(envName, envVersion, envName, envVersion)
			.query((rs, n) -> {
				Map<String, Object> fields = new LinkedHashMap<>(JSON.readValue(rs.getString(2), Map.class));
				fields.values().removeIf(java.util.Objects::isNull);
				return new Task(rs.getString(1), fields);
			})
			.list();
	}

}
