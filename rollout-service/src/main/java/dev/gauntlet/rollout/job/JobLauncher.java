package dev.gauntlet.rollout.job;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Set;
import java.time.Duration;

import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.rollout.environment.EnvironmentClient;
import dev.gauntlet.rollout.environment.EnvironmentClient.TaskSelection;
import dev.gauntlet.rollout.environment.EnvironmentClient.TaskSelectionRejected;
import dev.gauntlet.rollout.episode.EpisodeLimits;
import dev.gauntlet.rollout.episode.EpisodePlan;
import dev.gauntlet.rollout.episode.ReasoningControl;
import dev.gauntlet.rollout.episode.EpisodeRunner;
import dev.gauntlet.rollout.policy.PolicyEndpoint;
import dev.gauntlet.rollout.policy.PolicyEndpoints;
import dev.gauntlet.rollout.policy.SamplingParams;
import dev.gauntlet.rollout.store.RolloutStore;
import dev.gauntlet.rollout.system.RolloutSettings;
import dev.gauntlet.web.InvalidFieldException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Turns an accepted job into rollouts: selects the tasks, records every rollout as PENDING, then runs the
 * episodes on virtual threads. The number of policy calls in flight is bounded per endpoint by the policy client,
 * not here, so a job of any size costs only memory for its waiting virtual threads.
 */
@Component
class JobLauncher implements DisposableBean {

	private final EnvironmentClient environments;

	private final EpisodeRunner episodes;

	private final RolloutStore store;

	private final RolloutSettings settings;

	private final PolicyEndpoints endpoints;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	/** The rollouts of running jobs, so that a cancel can interrupt them. */
	private final Map<UUID, Set<Future<?>>> running = new ConcurrentHashMap<>();

	JobLauncher(EnvironmentClient environments, EpisodeRunner episodes, RolloutStore store, RolloutSettings settings,
			PolicyEndpoints endpoints) {
		this.endpoints = endpoints;
		this.environments = environments;
		this.episodes = episodes;
		this.store = store;
		this.settings = settings;
	}

	UUID launch(JobRequest request) {
		List<String> taskIds = request.taskIds() == null ? List.of() : request.taskIds();
		if (taskIds.isEmpty() && request.tasks() == null) {
			throw new InvalidFieldException("tasks", "give either tasks (a count) or taskIds");
		}
		int taskCount = taskIds.isEmpty() ? request.tasks() : taskIds.size();
		if (taskCount > settings.maxTasksPerJob()) {
			throw new InvalidFieldException(taskIds.isEmpty() ? "tasks" : "taskIds",
					"at most " + settings.maxTasksPerJob() + " tasks per job");
		}
		if (request.samplesPerTask() > settings.maxSamplesPerTask()) {
			throw new InvalidFieldException("samplesPerTask", "at most " + settings.maxSamplesPerTask());
		}
		PolicyEndpoint policy = endpoint(request.policy());
		SamplingParams sampling = sampling(request.sampling());
		ReasoningControl reasoning = reasoning(request.reasoning(), "reasoning");
		Map<String, ReasoningControl> perTask = new java.util.HashMap<>();
		if (request.taskReasoning() != null) {
			request.taskReasoning().forEach((task, r) -> perTask.put(task, reasoning(r, "taskReasoning." + task)));
		}
		EpisodeLimits limits = limits(request.limits());

		TaskSelection selection;
		try {
			selection = environments.selectTasks(request.environment(), taskIds, taskCount,
					request.seed() == null ? 0 : request.seed());
		}
		catch (TaskSelectionRejected ex) {
			throw new InvalidFieldException(ex.field(), ex.getMessage());
		}

		if (!selection.taskIds().containsAll(perTask.keySet())) {
			throw new InvalidFieldException("taskReasoning", "names tasks the job does not run");
		}
		UUID jobId = UUID.randomUUID();
		List<EpisodePlan> plans = new ArrayList<>();
		for (int group = 0; group < selection.taskIds().size(); group++) {
			for (int sample = 0; sample < request.samplesPerTask(); sample++) {
				RolloutKey key = new RolloutKey(jobId, selection.taskIds().get(group), group, sample, 0);
				plans.add(new EpisodePlan(key, selection.environment(), policy, sampling,
						perTask.getOrDefault(key.taskId(), reasoning), limits));
			}
		}
		store.createJob(jobId, selection.environment().name(), selection.environment().version(), request,
				plans.stream().map(EpisodePlan::identity).toList());
		Set<Future<?>> futures = ConcurrentHashMap.newKeySet();
		running.put(jobId, futures);
		AtomicInteger left = new AtomicInteger(plans.size());
		for (EpisodePlan plan : plans) {
			futures.add(executor.submit(() -> {
				try {
					episodes.run(plan);
				}
				finally {
					if (left.decrementAndGet() == 0) {
						running.remove(jobId);
					}
				}
			}));
		}
		return jobId;
	}

	/**
	 * Cancels a job: its waiting rollouts become FAILED (stage CANCELLED) and are announced, in one transaction,
	 * then their threads are interrupted, which aborts policy and environment calls in flight. Rollouts already
	 * completed or scored keep their results.
	 *
	 * @return false when the job does not exist
	 */
	boolean cancel(UUID jobId) {
		if (store.job(jobId).isEmpty()) {
			return false;
		}
		store.cancel(jobId);
		Set<Future<?>> futures = running.remove(jobId);
		if (futures != null) {
			futures.forEach(f -> f.cancel(true));
		}
		return true;
	}

	private PolicyEndpoint endpoint(JobRequest.Policy policy) {
		if (policy.endpoint() != null) {
			PolicyEndpoint named = endpoints.find(policy.endpoint())
				.orElseThrow(() -> new InvalidFieldException("policy.endpoint",
						"no policy endpoint named '" + policy.endpoint() + "'"));
			return policy.model() == null || policy.model().isBlank() ? named
					: new PolicyEndpoint(named.name(), named.baseUrl(), policy.model(), named.secretRef(),
							named.capabilities(), named.thinkingOff(), named.maxInFlight());
		}
		if (policy.baseUrl() == null || policy.baseUrl().isBlank()) {
			throw new InvalidFieldException("policy.baseUrl", "give a registered policy.endpoint or a baseUrl");
		}
		if (policy.model() == null || policy.model().isBlank()) {
			throw new InvalidFieldException("policy.model", "a model is required with a baseUrl");
		}
		URI url;
		try {
			url = URI.create(policy.baseUrl());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFieldException("policy.baseUrl", "not a URL: " + ex.getMessage());
		}
		if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
			throw new InvalidFieldException("policy.baseUrl", "must be an http or https URL with a host");
		}
		return PolicyEndpoint.inline(url, policy.model(), policy.tokenIds() == null || policy.tokenIds(),
				settings.maxInFlightPerEndpoint());
	}

	private static ReasoningControl reasoning(JobRequest.@Nullable Reasoning r, String field) {
		if (r == null) {
			return ReasoningControl.DEFAULT;
		}
		boolean on = r.mode() == null || r.mode().equals("on");
		if (!on && r.budgetTokens() != null) {
			throw new InvalidFieldException(field + ".budgetTokens", "a budget needs reasoning mode on");
		}
		return new ReasoningControl(on, r.budgetTokens());
	}

	private EpisodeLimits limits(JobRequest.@Nullable Limits l) {
		if (l == null) {
			return new EpisodeLimits(settings.maxTurns(), null, settings.maxToolErrors(), settings.rolloutDeadline());
		}
		return new EpisodeLimits(l.maxTurns() == null ? settings.maxTurns() : l.maxTurns(), l.maxTotalTokens(),
				l.maxToolErrors() == null ? settings.maxToolErrors() : l.maxToolErrors(),
				l.deadlineSeconds() == null ? settings.rolloutDeadline() : Duration.ofSeconds(l.deadlineSeconds()));
	}

	private static SamplingParams sampling(JobRequest.@Nullable Sampling s) {
		if (s == null) {
			return new SamplingParams(1.0, 1.0, 1024, null);
		}
		return new SamplingParams(s.temperature() == null ? 1.0 : s.temperature(), s.topP() == null ? 1.0 : s.topP(),
				s.maxTokens() == null ? 1024 : s.maxTokens(), s.seed());
	}

	/**
	 * Interrupts every rollout and waits for them to record themselves (as FAILED, stage CANCELLED) while the
	 * database is still there.
	 */
	@Override
	public void destroy() throws InterruptedException {
		executor.shutdownNow();
		executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
	}

}
