package dev.gauntlet.environment.math;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A JSONL dataset of math problems and how its fields map to a task.
 *
 * @param name prefix of the task ids ({@code name-<row>})
 * @param resource a classpath resource next to {@link MathEnvironment}, or null when {@code file} is set
 * @param file a JSONL file on disk, or null when {@code resource} is set
 * @param questionField the field holding the problem text
 * @param answerField the field holding the gold answer
 * @param answerAfterHashes whether the answer field is a worked solution ending in {@code #### answer} (GSM8K)
 */
public record DatasetSource(String name, @Nullable String resource, @Nullable Path file, String questionField,
		String answerField, boolean answerAfterHashes) {

	public DatasetSource {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(questionField, "questionField");
		Objects.requireNonNull(answerField, "answerField");
		if ((resource == null) == (file == null)) {
			throw new IllegalArgumentException("dataset " + name + " needs exactly one of resource and file");
		}
	}

	/** The GSM8K test split shipped with this module (1,319 problems, MIT). */
	public static DatasetSource gsm8k() {
		return new DatasetSource("gsm8k", "gsm8k-test.jsonl", null, "question", "answer", true);
	}

	/** MATH-500 shipped with this module (500 problems, MIT). */
	public static DatasetSource math500() {
		return new DatasetSource("math500", "math500-test.jsonl", null, "problem", "answer", false);
	}

	/** Any JSONL file with a question and an answer field. */
	public static DatasetSource jsonl(String name, Path file, String questionField, String answerField) {
		return new DatasetSource(name, null, file, questionField, answerField, false);
	}

}
