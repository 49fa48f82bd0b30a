package dev.gauntlet.contracts;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/** Argument checks for wire records; failures become {@link MalformedEventException} when decoding. */
final class Checks {

	private Checks() {
	}

	static void require(boolean condition, String message, Object... args) {
		if (!condition) {
			throw new IllegalArgumentException(String.format(message, args));
		}
	}

	static void notNull(@Nullable Object value, String field) {
		require(value != null, "%s is required", field);
	}

	static void notBlank(@Nullable String value, String field) {
		require(value != null && !value.isBlank(), "%s is required and must not be blank", field);
	}

	static void noNullElements(@Nullable Collection<?> values, String field) {
		notNull(values, field);
		require(values.stream().allMatch(java.util.Objects::nonNull), "%s must not contain nulls", field);
	}

	static void finite(double value, String field) {
		require(Double.isFinite(value), "%s must be a finite number: %s", field, value);
	}

}
