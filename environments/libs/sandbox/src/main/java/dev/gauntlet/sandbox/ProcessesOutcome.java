package dev.gauntlet.sandbox;

import java.util.List;

/** The runs of a {@link ProcessesJob}, in input order. */
public record ProcessesOutcome(List<ProcessRun> runs) {
	public ProcessesOutcome {
		runs = List.copyOf(runs);
	}
}
