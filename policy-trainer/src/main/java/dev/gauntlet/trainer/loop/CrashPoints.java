package dev.gauntlet.trainer.loop;

/**
 * Named points of the loop where a crash is most dangerous. Production does nothing at them; the crash-recovery
 * tests replace this bean with one that kills the calling thread there, as a {@code kill -9} would.
 */
public interface CrashPoints {

	/** Intake: samples written, offsets written, transaction not yet committed. */
	String INTAKE_BEFORE_COMMIT = "intake-before-commit";

	/** Step prepared and committed; the engine not yet called. */
	String AFTER_PREPARE = "after-prepare";

	/** The engine applied the step; nothing recorded yet. */
	String AFTER_ENGINE_STEP = "after-engine-step";

	/** Checkpoint saved by the engine; the step not yet recorded. */
	String AFTER_CHECKPOINT = "after-checkpoint";

	/** Step recorded and the policy update in the outbox, inside the transaction, before its commit. */
	String BEFORE_APPLY_COMMIT = "before-apply-commit";

	/** A rollout job requested from rollout-service, not yet recorded. */
	String AFTER_ROLLOUT_REQUEST = "after-rollout-request";

	void reach(String point);

	CrashPoints NONE = point -> {
	};

}
