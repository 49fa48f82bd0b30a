package dev.gauntlet.environment.qa;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A JSONL file of questions and how its fields map to tasks. A row with options is multiple choice; a row
 * without is open-ended.
 *
 * @param name prefix of the task ids ({@code name-<row>})
 * @param resource a classpath resource next to {@link QaEnvironment}, or null when {@code file} is set
 * @param file a JSONL file on disk, or null when {@code resource} is set
 * @param questionField the question text
 * @param optionsField the options: a JSON array, or an object from letter to text
 * @param answerField the answer: a letter, a zero-based option index, an option's text, or (open-ended) the answer
 */
public record QaDatasetSource(String name, @Nullable String resource, @Nullable Path file, String questionField,
		String optionsField, String answerField) {

	public QaDatasetSource {
		Objects.requireNonNull(name, "name");
		if ((resource == null) == (file == null)) {
			throw new IllegalArgumentException("dataset " + name + " needs exactly one of resource and file");
		}
	}

	/** The small example set shipped with this module. */
	public static QaDatasetSource example() {
		return new QaDatasetSource("qa-example", "qa-example.jsonl", null, "question", "options", "answer");
	}

	public static QaDatasetSource jsonl(String name, Path file, String questionField, String optionsField,
			String answerField) {
		return new QaDatasetSource(name, null, file, questionField, optionsField, answerField);
	}

}
