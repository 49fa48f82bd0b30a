package dev.gauntlet.rollout.job;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.gauntlet.rollout.store.RolloutQueries;
import dev.gauntlet.rollout.store.RolloutQueries.RolloutSummary;
import dev.gauntlet.rollout.store.RolloutStore;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A job's results as server-sent events: one {@code rollout} event each time a rollout reaches a new status
 * (COMPLETED, SCORED, FAILED), then one {@code job} event with the final status, then the stream ends. The database
 * is the source, read every {@link #POLL}; a window of {@link #OVERLAP} is re-read each time, so a transaction that
 * committed late is not missed, and what was already sent is not sent twice.
 */
@Component
class JobEvents {

	static final Duration POLL = Duration.ofMillis(200);

	static final Duration OVERLAP = Duration.ofSeconds(5);

	static final Duration MAX_STREAM = Duration.ofHours(6);

	private final RolloutQueries queries;

	private final RolloutStore store;

	JobEvents(RolloutQueries queries, RolloutStore store) {
		this.queries = queries;
		this.store = store;
	}

	SseEmitter stream(UUID jobId) {
		SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
		Thread.ofVirtual().name("sse-" + jobId).start(() -> {
			try {
				follow(jobId, emitter);
				emitter.complete();
			}
			catch (IOException | IllegalStateException ex) {
				// the client went away; nothing to clean up beyond this thread
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				emitter.complete();
			}
			catch (RuntimeException ex) {
				emitter.completeWithError(ex);
			}
		});
		return emitter;
	}

	private void follow(UUID jobId, SseEmitter emitter) throws IOException, InterruptedException {
		Map<UUID, String> sent = new HashMap<>();
		Instant since = Instant.EPOCH;
		long end = System.nanoTime() + MAX_STREAM.toNanos();
		while (System.nanoTime() < end) {
			String jobStatus = store.job(jobId).map(RolloutStore.JobRow::status).orElse("GONE");
			for (RolloutSummary rollout : queries.changedSince(jobId, since.minus(OVERLAP))) {
				if (!rollout.status().equals("PENDING") && !rollout.status().equals(sent.get(rollout.rolloutId()))) {
					emitter.send(SseEmitter.event().name("rollout").id(rollout.rolloutId().toString()).data(rollout));
					sent.put(rollout.rolloutId(), rollout.status());
				}
				if (rollout.updatedAt().isAfter(since)) {
					since = rollout.updatedAt();
				}
			}
			if (!jobStatus.equals("RUNNING")) {
				emitter.send(SseEmitter.event().name("job").data(Map.of("id", jobId, "status", jobStatus)));
				return;
			}
			Thread.sleep(POLL);
		}
	}

}
