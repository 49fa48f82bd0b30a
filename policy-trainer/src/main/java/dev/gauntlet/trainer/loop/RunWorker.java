package dev.gauntlet.trainer.loop;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.gauntlet.contracts.PolicyUpdated;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.messaging.Outbox;
import dev.gauntlet.trainer.engine.EngineClient;
import dev.gauntlet.trainer.engine.EngineException;
import dev.gauntlet.trainer.engine.TrainBatch;
import dev.gauntlet.trainer.grpo.StepPlanner;
import dev.gauntlet.trainer.run.RunConfig;
import dev.gauntlet.trainer.run.RunStatus;
import dev.gauntlet.trainer.run.RunStore;
import dev.gauntlet.trainer.run.RunStore.Run;
import dev.gauntlet.trainer.system.TrainerSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drives one RUNNING run, one step at a time:
 *
 * <ol>
 * <li>finish a step left PREPARED by a crash (the engine's weights version says whether it was applied);</li>
 * <li>request evaluations due and top up rollout requests;</li>
 * <li>plan the step from complete groups; if it fills, PREPARE it (samples, advantages and drops fixed in one
 * transaction);</li>
 * <li>train it on the engine, checkpoint on schedule, then APPLY it: metrics, step counter, policy version,
 * checkpoint registry and the {@code gauntlet.policy.updated} event (outbox) in one transaction.</li>
 * </ol>
 *
 * Every decision is in PostgreSQL before the next side effect, so a crash anywhere resumes without losing or
 * reusing a rollout. Exits when the run is no longer RUNNING.
 */
class RunWorker implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(RunWorker.class);

	private final UUID runId;

	private final RunStore runs;

	private final LoopStore store;

	private final RolloutRequester requester;

	private final EngineClient engine;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final TrainerSettings settings;

	private final CrashPoints crashPoints;

	private long waitingSince = System.nanoTime();

	RunWorker(UUID runId, RunStore runs, LoopStore store, RolloutRequester requester, EngineClient engine,
			Outbox outbox, TransactionTemplate transactions, TrainerSettings settings, CrashPoints crashPoints) {
		this.runId = runId;
		this.runs = runs;
		this.store = store;
		this.requester = requester;
		this.engine = engine;
		this.outbox = outbox;
		this.transactions = transactions;
		this.settings = settings;
		this.crashPoints = crashPoints;
	}

	@Override
	public void run() {
		while (!Thread.currentThread().isInterrupted()) {
			Run run;
			try {
				run = runs.find(runId).orElse(null);
				if (run == null || run.status() != RunStatus.RUNNING) {
					return;
				}
				if (!tick(run)) {
					sleep(settings.loopInterval().toMillis());
				}
			}
			catch (EngineException ex) {
				if (ex.rejected()) {
					fail(ex.getMessage());
					return;
				}
				log.warn("Run {}: engine unavailable ({}); retrying", runId, ex.getMessage());
				sleep(settings.retryBackoff().toMillis());
			}
			catch (RolloutRequester.Rejected ex) {
				fail(ex.getMessage());
				return;
			}
			catch (RolloutRequester.Unavailable | DataAccessException | IllegalStateException ex) {
				log.warn("Run {}: {}; retrying", runId, ex.getMessage());
				sleep(settings.retryBackoff().toMillis());
			}
			catch (RuntimeException ex) {
				log.error("Run {}: unexpected error", runId, ex);
				fail("internal error: " + ex);
				return;
			}
		}
	}

	/** One unit of progress; false when there was nothing to do. */
	boolean tick(Run run) {
		RunConfig c = run.config();
		LoopStore.Step prepared = store.prepared(runId);
		if (prepared != null) {
			execute(run, prepared);
			return true;
		}
		if (run.step() == 0 && !store.hasSteps(runId)) {
			long version = engine.weightsVersion(c.engineUrl());
			if (version != run.policyVersion()) {
				store.setPolicyVersion(runId, version);
				return true;
			}
		}
		boolean work = requester.evaluateIfDue(run); // also the final policy's evaluation
		if (run.step() >= c.maxSteps()) {
			runs.transition(runId, java.util.List.of(RunStatus.RUNNING), RunStatus.FINISHED, null);
			return false;
		}
		work |= requester.topUp(run) > 0;
		long next = run.step() + 1;
		store.dropTimedOut(runId, settings.groupTimeout(), next);
		var ready = store.readyGroups(runId, c.prompts() * 4 + 64);
		StepPlanner.Plan plan = StepPlanner.plan(ready, c, run.policyVersion());
		if (!plan.complete()) {
			if (!plan.dropped().isEmpty()) {
				transactions.executeWithoutResult(s -> store.decide(plan, next, false));
				return true;
			}
			return work;
		}
		double waiting = (System.nanoTime() - waitingSince) / 1e9;
		Map<String, Object> metrics = StepMetrics.planned(plan, waiting);
		transactions.executeWithoutResult(s -> {
			store.decide(plan, next, true);
			store.insertPrepared(runId, next, run.policyVersion(), metrics);
		});
		crashPoints.reach(CrashPoints.AFTER_PREPARE);
		execute(run, new LoopStore.Step(next, run.policyVersion(), metrics));
		return true;
	}

	/** Trains a prepared step (unless the engine already applied it) and records it. */
	private void execute(Run run, LoopStore.Step step) {
		RunConfig c = run.config();
		long engineVersion = engine.weightsVersion(c.engineUrl());
		Map<String, Object> metrics = new LinkedHashMap<>(step.metrics());
		long applied;
		if (engineVersion == step.versionBefore() + 1) {
			log.info("Run {}: step {} was applied by the engine before a crash; recording it", runId, step.step());
			metrics.put("engineMetricsLost", true);
			applied = engineVersion;
		}
		else if (engineVersion == step.versionBefore()) {
			TrainBatch batch = TrainBatch.build(store.batchItems(runId, step.step()), c);
			long t0 = System.nanoTime();
			EngineClient.StepResult result = engine.train(c.engineUrl(), batch.body());
			double trainSeconds = (System.nanoTime() - t0) / 1e9;
			crashPoints.reach(CrashPoints.AFTER_ENGINE_STEP);
			if (result.weightsVersion() != step.versionBefore() + 1) {
				throw new EngineException("engine answered weights version " + result.weightsVersion() + " for a step on "
						+ step.versionBefore() + "; another client trains this engine", true);
			}
			applied = result.weightsVersion();
			metrics.put("trainSeconds", trainSeconds);
			metrics.put("sequences", batch.sequences());
			metrics.put("tokens", batch.tokens());
			metrics.put("lossTokens", batch.lossTokens());
			metrics.put("tokensPerSecond", trainSeconds > 0 ? batch.tokens() / trainSeconds : 0.0);
			Map<String, Double> e = result.metrics();
			for (String key : new String[] { "clip_fraction", "kl", "entropy", "loss", "grad_norm" }) {
				if (e.containsKey(key)) {
					metrics.put(camel(key), e.get(key));
				}
			}
			metrics.put("engine", e);
		}
		else {
			throw new EngineException("engine weights version is " + engineVersion + ", but step " + step.step()
					+ " of this run starts from " + step.versionBefore()
					+ ": the engine was restarted or trained by another client; load the run's last checkpoint", true);
		}
		long t1 = System.nanoTime();
		EngineClient.@Nullable Checkpoint checkpoint = null;
		if (c.checkpointInterval() > 0 && step.step() % c.checkpointInterval() == 0) {
			checkpoint = engine.saveCheckpoint(c.engineUrl(), "run-" + runId + "-step-" + step.step());
			crashPoints.reach(CrashPoints.AFTER_CHECKPOINT);
		}
		EngineClient.@Nullable Checkpoint saved = checkpoint;
		transactions.executeWithoutResult(s -> {
			metrics.put("publishSeconds", (System.nanoTime() - t1) / 1e9);
			metrics.put("groupsByOutcome", store.groupCounts(runId, step.step()));
			metrics.put("samplesByDisposition", store.dispositionCounts(runId, step.step()));
			store.markApplied(runId, step.step(), applied, metrics);
			if (saved != null) {
				store.recordCheckpoint(runId, step.step(), saved.name(), saved.path(), applied);
			}
			outbox.enqueue(Topics.POLICY_UPDATED, new PolicyUpdated(PolicyUpdated.SCHEMA_VERSION, runId,
					c.policy().model(), applied, step.step(), saved == null ? null : saved.path(), Instant.now()));
			crashPoints.reach(CrashPoints.BEFORE_APPLY_COMMIT);
		});
		waitingSince = System.nanoTime();
		log.info("Run {}: step {} applied, policy version {}", runId, step.step(), applied);
	}

	private static String camel(String snake) {
		StringBuilder out = new StringBuilder();
		boolean up = false;
		for (char ch : snake.toCharArray()) {
			if (ch == '_') {
				up = true;
			}
			else {
				out.append(up ? Character.toUpperCase(ch) : ch);
				up = false;
			}
		}
		return out.toString();
	}

	private void fail(String message) {
		log.error("Run {} failed: {}", runId, message);
		runs.transition(runId, java.util.List.of(RunStatus.RUNNING, RunStatus.PAUSED), RunStatus.FAILED, message);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
