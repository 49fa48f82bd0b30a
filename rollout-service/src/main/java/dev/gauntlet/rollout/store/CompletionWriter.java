package dev.gauntlet.rollout.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.contracts.RolloutCompleted;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Group commit of completed rollouts: thousands of episodes finishing together are written in batches (each
 * batch one transaction: the rows and their outbox events) by a few writer threads, instead of one transaction per
 * rollout competing for the connection pool. A caller waits until its rollout is committed. When a batch fails,
 * its rollouts are written one by one, so one bad rollout cannot fail the others.
 */
@Component
public class CompletionWriter implements DisposableBean {

	static final int WRITERS = 4;

	static final int MAX_BATCH = 256;

	private final RolloutStore store;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running = true;

	CompletionWriter(RolloutStore store) {
		this.store = store;
		for (int i = 0; i < WRITERS; i++) {
			writers.add(Thread.ofPlatform().name("rollout-writer-" + i).daemon().start(this::loop));
		}
	}

	/** Writes the rollout and its event; returns once committed, throws when it could not be written. */
	public void write(RolloutCompleted rollout) {
		if (!running) {
			throw new IllegalStateException("rollout-service is stopping");
		}
		Pending pending = new Pending(rollout, new CompletableFuture<>());
		queue.add(pending);
		try {
			pending.done().join();
		}
		catch (CompletionException ex) {
			throw ex.getCause() instanceof RuntimeException runtime ? runtime : ex;
		}
	}

	private void loop() {
		while (running || !queue.isEmpty()) {
			Pending first;
			try {
				first = queue.poll(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				continue;
			}
			if (first == null) {
				continue;
			}
			List<Pending> batch = new ArrayList<>();
			batch.add(first);
			queue.drainTo(batch, MAX_BATCH - 1);
			try {
				store.completedAll(batch.stream().map(Pending::rollout).toList());
				batch.forEach(p -> p.done().complete(null));
			}
			catch (RuntimeException batchFailure) {
				for (Pending p : batch) {
					try {
						store.completed(p.rollout());
						p.done().complete(null);
					}
					catch (RuntimeException ex) {
						p.done().completeExceptionally(ex);
					}
				}
			}
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		running = false;
		for (Thread writer : writers) {
			writer.join(TimeUnit.SECONDS.toMillis(10));
		}
		Pending left;
		while ((left = queue.poll()) != null) {
			left.done().completeExceptionally(new IllegalStateException("rollout-service stopped before writing"));
		}
	}

	private record Pending(RolloutCompleted rollout, CompletableFuture<Void> done) {
	}

}
