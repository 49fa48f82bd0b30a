package dev.gauntlet.trainer.run;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists training runs. Creating and driving runs is the trainer issue's work; the table and the read API exist. */
@RestController
@RequestMapping("/v1/runs")
class RunController {

	private final JdbcClient jdbc;

	RunController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping
	@Operation(summary = "List training runs, newest first")
	List<RunSummary> list() {
		return jdbc.sql("SELECT id, name, status, step, created_at FROM training_run ORDER BY created_at DESC LIMIT 200")
			.query((rs, n) -> new RunSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getLong(4), rs.getTimestamp(5).toInstant()))
			.list();
	}

	record RunSummary(UUID id, String name, String status, long step, Instant createdAt) {
	}

}
