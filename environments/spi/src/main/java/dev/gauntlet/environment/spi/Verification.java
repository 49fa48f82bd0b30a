package dev.gauntlet.environment.spi;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The verdict on an episode.
 *
 * @param status {@link Status#OK} for a verdict; {@link Status#ERROR} when the verifier itself failed, which is
 * never a reward
 * @param reward the reward, meaningful only when {@code status} is OK
 * @param components named parts of the reward
 * @param extractedAnswer what the verifier read as the answer, for inspection
 * @param detail why: the reason for a verdict or the verifier's error
 */
public record Verification(Status status, double reward, Map<String, Double> components,
		@Nullable String extractedAnswer, String detail) {

	public enum Status {

		OK, ERROR

	}

	public Verification {
		Objects.requireNonNull(status, "status");
		components = Map.copyOf(components);
		Objects.requireNonNull(detail, "detail");
		if (status == Status.OK && !Double.isFinite(reward)) {
			throw new IllegalArgumentException("reward must be finite: " + reward);
		}
	}

	public static Verification of(double reward, @Nullable String extractedAnswer, String detail) {
		return new Verification(Status.OK, reward, Map.of("correct", reward), extractedAnswer, detail);
	}

	public static Verification error(String detail) {
		return new Verification(Status.ERROR, Double.NaN, Map.of(), null, detail);
	}

}
