package dev.gauntlet.environment.spi;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListTaskSetUnitTests {

	private final ListTaskSet tasks = new ListTaskSet(
			IntStream.range(0, 20).mapToObj(i -> new Task("t" + i, Map.of("i", i))).toList());

	@Test
	void samplesAreDistinctAndReproducibleForASeed() {
		List<Task> first = tasks.sample(10, 42);
		assertThat(first).doesNotHaveDuplicates().hasSize(10);
		assertThat(tasks.sample(10, 42)).isEqualTo(first);
		assertThat(tasks.sample(10, 43)).isNotEqualTo(first);
	}

	@Test
	void refusesToSampleMoreThanItHolds() {
		assertThatThrownBy(() -> tasks.sample(21, 1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("21");
	}

	@Test
	void refusesDuplicateIds() {
		assertThatThrownBy(() -> new ListTaskSet(List.of(new Task("a", Map.of()), new Task("a", Map.of()))))
			.hasMessageContaining("duplicate task id: a");
	}

	@Test
	void metricsCountPassAtKOverGroups() {
		Map<String, Double> m = Metrics.standard(List.of(new ScoredTask("a", 1), new ScoredTask("a", 0),
				new ScoredTask("b", 0), new ScoredTask("b", 0)));
		assertThat(m).containsEntry("mean_reward", 0.25).containsEntry("pass@1", 0.25).containsEntry("pass@k", 0.5);
	}

}
