package dev.gauntlet.rollout.job;

import java.util.List;
import java.util.UUID;

import dev.gauntlet.rollout.store.RolloutQueries;
import dev.gauntlet.rollout.store.RolloutQueries.RolloutDetail;
import dev.gauntlet.rollout.store.RolloutQueries.RolloutFilter;
import dev.gauntlet.rollout.store.RolloutQueries.RolloutSummary;
import dev.gauntlet.web.InvalidFieldException;
import dev.gauntlet.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rollouts across jobs: a filtered, paginated list, and one rollout with its whole trajectory. */
@RestController
@RequestMapping("/v1/rollouts")
class RolloutController {

	static final List<String> STATUSES = List.of("PENDING", "COMPLETED", "SCORED", "FAILED");

	private final RolloutQueries queries;

	RolloutController(RolloutQueries queries) {
		this.queries = queries;
	}

	@GetMapping
	@Operation(summary = "List rollouts by job, environment, status, reward range and policy version; "
			+ "pass the page's `next` as `after` for the following page")
	Page list(@RequestParam(required = false) @Nullable UUID job,
			@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable Double minReward,
			@RequestParam(required = false) @Nullable Double maxReward,
			@RequestParam(required = false) @Nullable Long policyVersion,
			@RequestParam(required = false) @Nullable UUID after, @RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1000) {
			throw new InvalidFieldException("limit", "must be between 1 and 1000");
		}
		if (status != null && !STATUSES.contains(status)) {
			throw new InvalidFieldException("status", "must be one of " + STATUSES);
		}
		if ((minReward != null && !Double.isFinite(minReward)) || (maxReward != null && !Double.isFinite(maxReward))) {
			throw new InvalidFieldException(minReward != null && !Double.isFinite(minReward) ? "minReward" : "maxReward",
					"must be a finite number");
		}
		List<RolloutSummary> items = queries
			.list(new RolloutFilter(job, environment, status, minReward, maxReward, policyVersion), after, limit);
		UUID next = items.size() == limit ? items.getLast().rolloutId() : null;
		return new Page(items, next);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One rollout with its messages, token turns, trajectory and loss mask, reasoning counts")
	RolloutDetail get(@PathVariable UUID id) {
		return queries.find(id).orElseThrow(() -> new NotFoundException("no rollout " + id));
	}

	/**
	 * @param next the cursor of the next page ({@code after}), or null on the last page
	 */
	record Page(List<RolloutSummary> items, @Nullable UUID next) {
	}

}
