package dev.gauntlet.environment.math;

import java.util.List;

/**
 * The tasks dropped at load time because the verifier cannot use their gold answer (Nemotron-CrossThink
 * filtering): it does not parse, or is not accepted as equal to itself.
 */
public record FilterReport(int kept, List<Dropped> dropped) {

	public FilterReport {
		dropped = List.copyOf(dropped);
	}

	/** One dropped task and why. */
	public record Dropped(String taskId, String answer, String reason) {
	}

}
