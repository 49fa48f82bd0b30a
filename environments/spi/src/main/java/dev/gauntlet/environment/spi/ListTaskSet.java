package dev.gauntlet.environment.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** A fixed, finite list of tasks with seeded sampling without replacement. */
public final class ListTaskSet implements TaskSet {

	private final List<Task> tasks;

	private final Map<String, Task> byId;

	public ListTaskSet(List<Task> tasks) {
		this.tasks = List.copyOf(tasks);
		Map<String, Task> index = new LinkedHashMap<>();
		for (Task task : this.tasks) {
			if (index.put(task.id(), task) != null) {
				throw new IllegalArgumentException("duplicate task id: " + task.id());
			}
		}
		this.byId = Collections.unmodifiableMap(index);
	}

	@Override
	public long size() {
		return tasks.size();
	}

	@Override
	public Optional<Task> find(String taskId) {
		return Optional.ofNullable(byId.get(taskId));
	}

	@Override
	public List<Task> sample(int count, long seed) {
		if (count < 0 || count > tasks.size()) {
			throw new IllegalArgumentException(
					"cannot sample " + count + " tasks from a set of " + tasks.size());
		}
		List<Task> shuffled = new ArrayList<>(tasks);
		Collections.shuffle(shuffled, new Random(seed));
		return List.copyOf(shuffled.subList(0, count));
	}

	public List<Task> all() {
		return tasks;
	}

}
