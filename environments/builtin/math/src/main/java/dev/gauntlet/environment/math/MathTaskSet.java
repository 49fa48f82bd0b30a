package dev.gauntlet.environment.math;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gauntlet.environment.math.generator.Generators;
import dev.gauntlet.environment.math.generator.Problem;
import dev.gauntlet.environment.math.generator.ProblemGenerator;
import dev.gauntlet.environment.spi.ListTaskSet;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.TaskSet;

/**
 * Dataset tasks plus, when generators are configured, an unlimited supply of generated ones. A generated task's
 * id ({@code gen-<kind>-d<difficulty>-<seed>}) is enough to rebuild it, so nothing is stored.
 */
final class MathTaskSet implements TaskSet {

	private static final Pattern GENERATED_ID = Pattern.compile("gen-([a-z]+)-d([1-5])-(-?\\d+)");

	private final ListTaskSet fixed;

	private final List<ProblemGenerator> generators;

	private final int difficulty;

	private final double generatedShare;

	MathTaskSet(List<Task> fixed, List<ProblemGenerator> generators, int difficulty, double generatedShare) {
		this.fixed = new ListTaskSet(fixed);
		this.generators = List.copyOf(generators);
		this.difficulty = difficulty;
		this.generatedShare = generatedShare;
	}

	@Override
	public long size() {
		return generators.isEmpty() ? fixed.size() : -1;
	}

	@Override
	public Optional<Task> find(String taskId) {
		Optional<Task> task = fixed.find(taskId);
		if (task.isPresent()) {
			return task;
		}
		Matcher m = GENERATED_ID.matcher(taskId);
		if (!m.matches()) {
			return Optional.empty();
		}
		return Generators.byKind(m.group(1))
			.map(g -> generated(g, Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
	}

	@Override
	public List<Task> sample(int count, long seed) {
		if (generators.isEmpty()) {
			return fixed.sample(count, seed);
		}
		if (count < 0) {
			throw new IllegalArgumentException("cannot sample " + count + " tasks");
		}
		int fromDatasets = (int) Math.min(fixed.size(), Math.round(count * (1 - generatedShare)));
		List<Task> out = new ArrayList<>(fixed.sample(fromDatasets, seed));
		Random random = new Random(seed);
		while (out.size() < count) {
			ProblemGenerator g = generators.get(random.nextInt(generators.size()));
			out.add(generated(g, difficulty, random.nextLong()));
		}
		Collections.shuffle(out, new Random(seed ^ 0x5DEECE66DL));
		return List.copyOf(out);
	}

	static Task generated(ProblemGenerator generator, int difficulty, long seed) {
		Problem p = generator.generate(difficulty, new Random(seed));
		return new Task("gen-" + generator.kind() + "-d" + difficulty + "-" + seed, Map.of("question", p.question(),
				"answer", p.answer(), "source", "generator:" + generator.kind(), "difficulty", difficulty));
	}

}
