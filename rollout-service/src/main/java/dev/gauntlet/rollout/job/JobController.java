package dev.gauntlet.rollout.job;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.gauntlet.rollout.store.RolloutStore;
import dev.gauntlet.rollout.store.RolloutStore.RolloutRow;
import dev.gauntlet.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Submit rollout jobs and follow them. */
@RestController
@RequestMapping("/v1/jobs")
class JobController {

	private final JobLauncher launcher;

	private final RolloutStore store;

	private final JobEvents events;

	JobController(JobLauncher launcher, RolloutStore store, JobEvents events) {
		this.launcher = launcher;
		this.store = store;
		this.events = events;
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancel a job: waiting rollouts fail as cancelled, calls in flight are interrupted")
	ResponseEntity<Map<String, Object>> cancel(@PathVariable UUID id) {
		if (!launcher.cancel(id)) {
			throw new NotFoundException("no job " + id);
		}
		var job = store.job(id).orElseThrow();
		return ResponseEntity.accepted().body(Map.of("id", id, "status", job.status()));
	}

	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Server-sent events: each rollout as it completes, is scored or fails; then the job's end")
	SseEmitter events(@PathVariable UUID id) {
		store.job(id).orElseThrow(() -> new NotFoundException("no job " + id));
		return events.stream(id);
	}

	@PostMapping
	@Operation(summary = "Submit a rollout job; answers 202 with the job id")
	ResponseEntity<Map<String, Object>> submit(@Valid @RequestBody JobRequest request) {
		UUID id = launcher.launch(request);
		return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + id)).body(Map.of("id", id));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A job's status, progress counts and rollouts with rewards")
	JobView get(@PathVariable UUID id) {
		var job = store.job(id).orElseThrow(() -> new NotFoundException("no job " + id));
		List<RolloutRow> rollouts = store.rolloutsOf(id);
		Double mean = rollouts.stream()
			.map(RolloutRow::reward)
			.filter(Objects::nonNull)
			.mapToDouble(Double::doubleValue)
			.average()
			.stream()
			.boxed()
			.findFirst()
			.orElse(null);
		Map<String, Long> counts = store.statusCounts(id);
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		long done = total - counts.getOrDefault("PENDING", 0L) - counts.getOrDefault("COMPLETED", 0L);
		return new JobView(job.id(), job.environment() + "@" + job.environmentVersion(), job.status(), counts, total,
				done, mean, job.createdAt(), job.finishedAt(), rollouts);
	}

}
