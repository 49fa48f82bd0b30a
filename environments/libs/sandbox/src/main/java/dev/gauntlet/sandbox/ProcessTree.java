package dev.gauntlet.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kills a process and every descendant (host view), so a deadline leaves nothing behind. */
final class ProcessTree {
	private ProcessTree() {}

	static void kill(Process process) {
		// Descendants first: once bwrap dies its children are reparented and harder to find.
		List<ProcessHandle> descendants = process.descendants().toList();
		descendants.forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		try {
			process.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		descendants.forEach(ProcessHandle::destroyForcibly);
	}
}
