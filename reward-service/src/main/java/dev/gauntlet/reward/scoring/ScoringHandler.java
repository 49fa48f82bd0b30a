package dev.gauntlet.reward.scoring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.messaging.EventHandler;
import dev.gauntlet.messaging.Outbox;
import dev.gauntlet.messaging.RetriableProcessingException;
import dev.gauntlet.reward.system.RewardSettings;
import dev.gauntlet.reward.verify.EnvironmentVerifier;
import dev.gauntlet.reward.verify.Outcome;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Scores a batch of completed rollouts: skips those already recorded, verifies the rest concurrently, records
 * scores and failures with their events in one transaction, then relays the events.
 */
@Component
class ScoringHandler implements EventHandler<RolloutCompleted> {

	private final EnvironmentVerifier verifier;

	private final RewardStore store;

	private final Outbox outbox;

	private final Semaphore verifySlots;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final Clock clock = Clock.systemUTC();

	ScoringHandler(EnvironmentVerifier verifier, RewardStore store, Outbox outbox, RewardSettings settings) {
		this.verifier = verifier;
		this.store = store;
		this.outbox = outbox;
		this.verifySlots = new Semaphore(settings.verifyConcurrency());
	}

	@Override
	public void handle(List<RolloutCompleted> events) {
		Map<UUID, RolloutCompleted> unique = new LinkedHashMap<>();
		events.forEach(e -> unique.putIfAbsent(e.rolloutId(), e));
		try {
			Set<UUID> done = store.alreadyRecorded(unique.keySet());
			unique.keySet().removeAll(done);
			if (unique.isEmpty()) {
				return;
			}
			List<RolloutScored> scored = new ArrayList<>();
			List<RolloutFailed> failed = new ArrayList<>();
			List<RolloutCompleted> todo = List.copyOf(unique.values());
			List<Outcome> outcomes = verifyAll(todo);
			for (int i = 0; i < todo.size(); i++) {
				RolloutCompleted rollout = todo.get(i);
				switch (outcomes.get(i)) {
					case Outcome.Scored s -> scored.add(RolloutScored.of(rollout, s.reward(), s.components(),
							s.extractedAnswer(), clock.instant()));
					case Outcome.Failed f -> failed.add(RolloutFailed.of(rollout.identity(), rollout.environment(),
							f.stage(), f.cause(), f.message(), clock.instant()));
				}
			}
			store.record(scored, failed);
		}
		catch (TransientDataAccessException | CannotGetJdbcConnectionException ex) {
			throw new RetriableProcessingException("database unavailable", ex);
		}
		// Publish now rather than at the relay's next poll; a failure here leaves rows for the relay to retry.
		outbox.relayPending();
	}

	private List<Outcome> verifyAll(List<RolloutCompleted> rollouts) {
		List<Future<Outcome>> futures = new ArrayList<>(rollouts.size());
		for (RolloutCompleted rollout : rollouts) {
			futures.add(executor.submit(() -> {
				verifySlots.acquire();
				try {
					return verifier.verify(rollout);
				}
				finally {
					verifySlots.release();
				}
			}));
		}
		List<Outcome> outcomes = new ArrayList<>(futures.size());
		for (Future<Outcome> future : futures) {
			try {
				outcomes.add(future.get());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RetriableProcessingException("interrupted while verifying", ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("verification crashed", ex.getCause());
			}
		}
		return outcomes;
	}

}
