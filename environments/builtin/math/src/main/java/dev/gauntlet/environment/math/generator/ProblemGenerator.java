package dev.gauntlet.environment.math.generator;

import java.util.Random;

/**
 * A seeded source of problems of one kind at graded difficulty, reasoning-gym style: the same
 * (difficulty, seed) always gives the same problem, so a task id is enough to rebuild a task.
 */
public interface ProblemGenerator {

	/** Lowest and highest difficulty every generator accepts. */
	int MIN_DIFFICULTY = 1;

	int MAX_DIFFICULTY = 5;

	/** Short lowercase name, used in task ids. */
	String kind();

	Problem generate(int difficulty, Random random);

	static void checkDifficulty(int difficulty) {
		if (difficulty < MIN_DIFFICULTY || difficulty > MAX_DIFFICULTY) {
			throw new IllegalArgumentException(
					"difficulty must be in [" + MIN_DIFFICULTY + ", " + MAX_DIFFICULTY + "]: " + difficulty);
		}
	}

	/** A nonzero integer in [-bound, bound]. */
	static int nonZero(Random random, int bound) {
		int v = random.nextInt(1, bound + 1);
		return random.nextBoolean() ? v : -v;
	}

}
