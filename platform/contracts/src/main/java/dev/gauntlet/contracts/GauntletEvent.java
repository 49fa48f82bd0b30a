package dev.gauntlet.contracts;

/**
 * A record on one of Gauntlet's topics. {@link #schemaVersion()} lets a consumer refuse a shape it does not know
 * instead of misreading it.
 */
public sealed interface GauntletEvent permits RolloutCompleted, RolloutScored, RolloutFailed, PolicyUpdated {

	int schemaVersion();

	/** The Kafka record key. */
	String key();

}
