package dev.gauntlet.environment.spi;

import java.util.List;
import java.util.Optional;

/** The tasks of an environment: a fixed dataset, a seeded generator, or both. */
public interface TaskSet {

	/** The number of tasks, or {@code -1} when a generator makes them without end. */
	long size();

	Optional<Task> find(String taskId);

	/**
	 * Picks {@code count} distinct tasks, reproducibly for a seed. Asking for more tasks than a finite set holds is
	 * an {@link IllegalArgumentException}.
	 */
	List<Task> sample(int count, long seed);

}
