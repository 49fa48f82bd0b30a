package dev.gauntlet.trainer.loop;

import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.springframework.stereotype.Component;

/**
 * Orders rollout requests before the intake of their rollouts. A request holds the write side from the call to
 * rollout-service until the job is recorded; the intake holds the read side while it stores a batch. So the intake
 * never sees a rollout of a job that is requested but not yet recorded, and never drops it as foreign. And no
 * request goes out before the intake has a position on every partition: a partition never consumed starts at its
 * end, so a rollout published before that position was taken would be skipped for good.
 */
@Component
class IntakeGate {

	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

	private volatile boolean positioned;

	/** The intake holds a stored position on every partition it consumes (or another instance consumes). */
	void markPositioned() {
		positioned = true;
	}

	boolean positioned() {
		return positioned;
	}

	ReentrantReadWriteLock.ReadLock intake() {
		return lock.readLock();
	}

	ReentrantReadWriteLock.WriteLock request() {
		return lock.writeLock();
	}

}
