package dev.gauntlet.environment.qa;

import java.util.List;
import java.util.Objects;

import dev.gauntlet.verifier.math.VerifierSettings;

/**
 * Settings of a {@link QaEnvironment}.
 *
 * @param datasets the question files
 * @param shuffleOptions whether the options of each multiple-choice task are shuffled
 * @param shuffleSeed the seed of the shuffle; each task mixes in its own id, so the order is fixed per task
 * @param verifier settings of the verifier used for letters and open-ended answers
 */
public record QaSettings(List<QaDatasetSource> datasets, boolean shuffleOptions, long shuffleSeed,
		VerifierSettings verifier) {

	public QaSettings {
		datasets = List.copyOf(datasets);
		Objects.requireNonNull(verifier, "verifier");
		if (datasets.isEmpty()) {
			throw new IllegalArgumentException("a qa environment needs at least one dataset");
		}
	}

	public static QaSettings defaults() {
		return new QaSettings(List.of(QaDatasetSource.example()), true, 20_260_522L, VerifierSettings.defaults());
	}

}
