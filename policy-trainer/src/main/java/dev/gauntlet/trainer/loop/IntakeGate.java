package dev.gauntlet.trainer.loop;

import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.springframework.stereotype.Component;

/**
 * Orders rollout requests before the intake of their rollouts. A request holds the write side from the call to
 * rollout-service until the job is recorded; the intake holds the read side while it stores a batch. So the intake
 * never sees a rollout of a job that is requested but not yet recorded, and never drops it as foreign.
 */
@Component
class IntakeGate {

	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

	ReentrantReadWriteLock.ReadLock intake() {
		return lock.readLock();
	}

	ReentrantReadWriteLock.WriteLock request() {
		return lock.writeLock();
	}

}
