package dev.gauntlet.messaging;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.GauntletEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox. {@link #enqueue} writes an event into the {@code outbox} table inside the caller's
 * database transaction, so the event exists if and only if the state change it announces was committed. The relay
 * then publishes rows in id order and deletes them once Kafka has acknowledged them.
 *
 * <p>Guarantee: at least once. A crash between Kafka's acknowledgement and the delete republishes those rows, so
 * consumers deduplicate on the rollout identity (they must anyway, since Kafka redelivers). Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several replicas relay without sending a row twice in normal operation.
 */
public class Outbox implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	private final EventPublisher publisher;

	private final MessagingSettings settings;

	private volatile ScheduledExecutorService relay;

	public Outbox(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions,
			EventPublisher publisher, MessagingSettings settings) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.transactions = transactions;
		this.publisher = publisher;
		this.settings = settings;
	}

	/** Adds an event to the outbox. Call inside a transaction; it is relayed soon after the commit. */
	public void enqueue(String topic, GauntletEvent event) {
		jdbc.sql("INSERT INTO outbox (topic, record_key, payload) VALUES (?, ?, ?)")
			.params(topic, event.key(), EventCodec.encode(event))
			.update();
		wakeAfterCommit();
	}

	private void wakeAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					wake();
				}
			});
		}
	}

	/** Adds several events to the outbox in one round trip. Call inside a transaction. */
	public void enqueueAll(String topic, List<? extends GauntletEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		jdbcTemplate.batchUpdate("INSERT INTO outbox (topic, record_key, payload) VALUES (?, ?, ?)", events, 1000,
				(ps, event) -> {
					ps.setString(1, topic);
					ps.setString(2, event.key());
					ps.setBytes(3, EventCodec.encode(event));
				});
		wakeAfterCommit();
	}

	/** Publishes everything pending now, on the calling thread. Returns how many records were sent. */
	public int relayPending() {
		int total = 0;
		int sent;
		do {
			sent = relayBatch();
			total += sent;
		}
		while (sent == settings.outboxBatchSize());
		return total;
	}

	private int relayBatch() {
		Integer sent = transactions.execute(status -> {
			List<Row> rows = jdbc
				.sql("SELECT id, topic, record_key, payload FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
				.param(settings.outboxBatchSize())
				.query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
				.list();
			if (rows.isEmpty()) {
				return 0;
			}
			publisher.sendAllAndWait(rows.stream()
				.map(r -> new EventPublisher.RawRecord(r.topic(), r.key(), r.payload()))
				.toList());
			jdbc.sql("DELETE FROM outbox WHERE id = ANY(?)")
				.param(rows.stream().mapToLong(Row::id).boxed().toArray(Long[]::new))
				.update();
			return rows.size();
		});
		return sent == null ? 0 : sent;
	}

	/** Asks the relay thread to run now rather than at its next poll. */
	public void wake() {
		ScheduledExecutorService executor = relay;
		if (executor != null && !executor.isShutdown()) {
			executor.execute(this::relayQuietly);
		}
	}

	private void relayQuietly() {
		try {
			relayPending();
		}
		catch (RuntimeException ex) {
			// The rows stay in the outbox; the next poll tries again.
			log.warn("Outbox relay failed, will retry: {}", ex.toString());
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "outbox-relay");
			t.setDaemon(true);
			return t;
		});
		long period = settings.outboxPollInterval().toMillis();
		executor.scheduleWithFixedDelay(this::relayQuietly, 0, period, TimeUnit.MILLISECONDS);
		relay = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = relay;
		relay = null;
		if (executor != null) {
			executor.shutdown();
			try {
				executor.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return relay != null;
	}

	private record Row(long id, String topic, String key, byte[] payload) {
	}

}
