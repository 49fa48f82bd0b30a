package dev.gauntlet.trainer.run;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.gauntlet.trainer.loop.TrainingLoops;
import dev.gauntlet.trainer.system.TrainerSettings;
import dev.gauntlet.web.NotFoundException;
import dev.gauntlet.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Create, start, pause, resume, stop and inspect training runs. */
@RestController
@RequestMapping("/v1/runs")
class RunController {

	private final RunStore runs;

	private final RunQueries queries;

	private final TrainingLoops loops;

	private final TrainerSettings settings;

	RunController(RunStore runs, RunQueries queries, TrainingLoops loops, TrainerSettings settings) {
		this.runs = runs;
		this.queries = queries;
		this.loops = loops;
		this.settings = settings;
	}

	/** A run with its configuration (defaults filled in) and its sample counts. */
	record RunView(UUID id, String name, RunStatus status, long step, long policyVersion, @Nullable String error,
			RunConfig config, Map<String, Long> samples, Instant createdAt, Instant updatedAt) {
	}

	record RunSummary(UUID id, String name, RunStatus status, long step, Instant createdAt) {
	}

	@PostMapping
	@Operation(summary = "Create a training run (status CREATED); answers 201 with the run, defaults filled in")
	ResponseEntity<RunView> create(@RequestBody RunConfig config) {
		RunConfig complete = RunConfigValidator.validate(config.withDefaults(settings.engineUrl()));
		UUID id = runs.create(complete);
		return ResponseEntity.created(URI.create("/v1/runs/" + id)).body(view(id));
	}

	@GetMapping
	@Operation(summary = "List training runs, newest first")
	List<RunSummary> list() {
		return runs.list().stream().map(r -> new RunSummary(r.id(), r.name(), r.status(), r.step(), r.createdAt())).toList();
	}

	@GetMapping("/{id}")
	@Operation(summary = "A run: status, step, policy version, configuration and sample counts by disposition")
	RunView get(@PathVariable UUID id) {
		return view(id);
	}

	@PostMapping("/{id}/start")
	@Operation(summary = "Start a CREATED run")
	RunView start(@PathVariable UUID id) {
		return run(id, Set.of(RunStatus.CREATED));
	}

	@PostMapping("/{id}/resume")
	@Operation(summary = "Resume a PAUSED run")
	RunView resume(@PathVariable UUID id) {
		return run(id, Set.of(RunStatus.PAUSED));
	}

	@PostMapping("/{id}/pause")
	@Operation(summary = "Pause a RUNNING run after its current step; rollouts in flight are still collected")
	RunView pause(@PathVariable UUID id) {
		return move(id, Set.of(RunStatus.RUNNING), RunStatus.PAUSED);
	}

	@PostMapping("/{id}/stop")
	@Operation(summary = "Stop a run for good")
	RunView stop(@PathVariable UUID id) {
		return move(id, Set.of(RunStatus.CREATED, RunStatus.RUNNING, RunStatus.PAUSED), RunStatus.STOPPED);
	}

	@GetMapping("/{id}/steps")
	@Operation(summary = "Per-step metrics: time split, rewards per environment, clip fraction, KL, entropy, "
			+ "zero-variance fraction, truncation rate, staleness, tokens/s, accuracy by budget")
	List<RunQueries.StepView> steps(@PathVariable UUID id, @org.springframework.web.bind.annotation.RequestParam(
			defaultValue = "0") long after, @org.springframework.web.bind.annotation.RequestParam(
					defaultValue = "500") int limit) {
		find(id);
		return queries.steps(id, after, Math.clamp(limit, 1, 5000));
	}

	@GetMapping("/{id}/checkpoints")
	@Operation(summary = "The run's checkpoint registry")
	List<RunQueries.CheckpointView> checkpoints(@PathVariable UUID id) {
		find(id);
		return queries.checkpoints(id);
	}

	@GetMapping("/{id}/evaluations")
	@Operation(summary = "Evaluation results: mean reward and accuracy per environment at each evaluated step")
	List<RunQueries.EvaluationView> evaluations(@PathVariable UUID id) {
		find(id);
		return queries.evaluations(id);
	}

	@GetMapping("/{id}/budget-accuracy")
	@Operation(summary = "Accuracy as a function of the thinking budget (and with reasoning off), over trained samples")
	List<RunQueries.BudgetView> budgetAccuracy(@PathVariable UUID id) {
		find(id);
		return queries.budgetAccuracy(id);
	}

	private RunView run(UUID id, Set<RunStatus> from) {
		RunStore.Run run = find(id);
		runs.runningOnEngine(run.config().engineUrl(), id).ifPresent(other -> {
			throw conflict("run " + other + " is already training the engine at " + run.config().engineUrl());
		});
		RunView view;
		try {
			view = move(id, from, RunStatus.RUNNING);
		}
		catch (org.springframework.dao.DuplicateKeyException ex) {
			throw conflict("another run is already training the engine at " + run.config().engineUrl());
		}
		loops.wake(id);
		return view;
	}

	private RunView move(UUID id, Set<RunStatus> from, RunStatus to) {
		RunStore.Run run = find(id);
		if (!runs.transition(id, from, to, null)) {
			throw conflict("run " + id + " is " + run.status() + "; this needs one of " + from);
		}
		return view(id);
	}

	private RunStore.Run find(UUID id) {
		return runs.find(id).orElseThrow(() -> new NotFoundException("no training run " + id));
	}

	private RunView view(UUID id) {
		RunStore.Run r = find(id);
		return new RunView(r.id(), r.name(), r.status(), r.step(), r.policyVersion(), r.error(), r.config(),
				queries.sampleCounts(id), r.createdAt(), r.updatedAt());
	}

	private static ErrorResponseException conflict(String detail) {
		return new ErrorResponseException(HttpStatus.CONFLICT,
				Problems.of(HttpStatus.CONFLICT, "run-state-conflict", "Run state conflict", detail), null);
	}

}
