package dev.gauntlet.environment.itdesk;

import java.util.List;
import java.util.Map;

import dev.gauntlet.environment.spi.Task;

/**
 * A generated task: the caller's request, the world it happens in (by seed), one reference action sequence that
 * fulfils it, and the facts the final reply must state.
 *
 * @param difficulty 1 (one lookup) to 4 (a multi-step workflow)
 * @param refusal whether policy says the request must be refused (the reference then changes nothing)
 */
record DeskTask(String id, String family, int difficulty, boolean refusal, long seed, String request,
		List<Action> reference, List<String> requiredFacts) {

	DeskTask {
		reference = List.copyOf(reference);
		requiredFacts = List.copyOf(requiredFacts);
	}

	Task toTask() {
		return new Task(id, Map.of("family", family, "difficulty", difficulty, "refusal", refusal, "seed", seed,
				"question", request, "reference_actions", reference.stream().map(Action::toMap).toList(),
				"required_facts", requiredFacts));
	}

}
