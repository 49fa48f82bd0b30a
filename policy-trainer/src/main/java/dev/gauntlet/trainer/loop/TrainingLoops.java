package dev.gauntlet.trainer.loop;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.messaging.Outbox;
import dev.gauntlet.trainer.engine.EngineClient;
import dev.gauntlet.trainer.run.RunStore;
import dev.gauntlet.trainer.system.TrainerSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one {@link RunWorker} thread per RUNNING run, and restarts the workers of runs that were RUNNING when the
 * service stopped or crashed.
 */
@Component
public class TrainingLoops implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TrainingLoops.class);

	private final RunStore runs;

	private final LoopStore store;

	private final RolloutRequester requester;

	private final EngineClient engine;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final TrainerSettings settings;

	private final CrashPoints crashPoints;

	private final Map<UUID, Thread> workers = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledExecutorService scheduler;

	TrainingLoops(RunStore runs, LoopStore store, RolloutRequester requester, EngineClient engine, Outbox outbox,
			TransactionTemplate transactions, TrainerSettings settings, CrashPoints crashPoints) {
		this.runs = runs;
		this.store = store;
		this.requester = requester;
		this.engine = engine;
		this.outbox = outbox;
		this.transactions = transactions;
		this.settings = settings;
		this.crashPoints = crashPoints;
	}

	/** Starts the worker of a run now (it exits by itself unless the run is RUNNING). */
	public void wake(UUID runId) {
		workers.compute(runId, (id, existing) -> {
			if (existing != null && existing.isAlive()) {
				return existing;
			}
			Thread t = new Thread(new RunWorker(id, runs, store, requester, engine, outbox, transactions, settings,
					crashPoints), "run-" + id);
			t.setDaemon(true);
			t.start();
			return t;
		});
	}

	private void resumeRunning() {
		try {
			runs.running().forEach(this::wake);
		}
		catch (RuntimeException ex) {
			log.warn("Cannot list running runs: {}", ex.toString());
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "training-loops");
			t.setDaemon(true);
			return t;
		});
		s.scheduleWithFixedDelay(this::resumeRunning, 0, 1, TimeUnit.SECONDS);
		scheduler = s;
	}

	@Override
	public void stop() {
		ScheduledExecutorService s = scheduler;
		scheduler = null;
		if (s != null) {
			s.shutdownNow();
		}
		workers.values().forEach(Thread::interrupt);
		for (Thread t : workers.values()) {
			try {
				t.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		workers.clear();
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

}
