package dev.gauntlet.trainer.run;

import java.util.Set;

/** Where a run stands. STOPPED, FAILED and FINISHED are final. */
public enum RunStatus {

	CREATED, RUNNING, PAUSED, STOPPED, FAILED, FINISHED;

	public boolean isFinal() {
		return Set.of(STOPPED, FAILED, FINISHED).contains(this);
	}

}
