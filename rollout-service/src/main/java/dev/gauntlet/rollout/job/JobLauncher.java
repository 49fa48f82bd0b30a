package dev.gauntlet.rollout.job;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.rollout.environment.EnvironmentClient;
import dev.gauntlet.rollout.environment.EnvironmentClient.TaskSelection;
import dev.gauntlet.rollout.environment.EnvironmentClient.TaskSelectionRejected;
import dev.gauntlet.rollout.episode.EpisodePlan;
import dev.gauntlet.rollout.episode.EpisodeRunner;
import dev.gauntlet.rollout.policy.PolicyEndpoint;
import dev.gauntlet.rollout.policy.SamplingParams;
import dev.gauntlet.rollout.store.RolloutStore;
import dev.gauntlet.rollout.system.RolloutSettings;
import dev.gauntlet.web.InvalidFieldException;

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

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	JobLauncher(EnvironmentClient environments, EpisodeRunner episodes, RolloutStore store, RolloutSettings settings) {
		this.environments = environments;
		this.episodes = episodes;
		this.store = store;
		this.settings = settings;
	}

	UUID launch(JobRequest request) {
		if (request.tasks() > settings.maxTasksPerJob()) {
			throw new InvalidFieldException("tasks", "at most " + settings.maxTasksPerJob() + " tasks per job");
		}
		if (request.samplesPerTask() > settings.maxSamplesPerTask()) {
			throw new InvalidFieldException("samplesPerTask", "at most " + settings.maxSamplesPerTask());
		}
		PolicyEndpoint policy = endpoint(request.policy());
		SamplingParams sampling = sampling(request.sampling());

		TaskSelection selection;
		try {
			selection = environments.selectTasks(request.environment(), request.tasks(), request.seed());
		}
		catch (TaskSelectionRejected ex) {
			throw new InvalidFieldException(ex.field(), ex.getMessage());
		}

		UUID jobId = UUID.randomUUID();
		List<EpisodePlan> plans = new ArrayList<>();
		for (int group = 0; group < selection.taskIds().size(); group++) {
			for (int sample = 0; sample < request.samplesPerTask(); sample++) {
				RolloutKey key = new RolloutKey(jobId, selection.taskIds().get(group), group, sample, 0);
				plans.add(new EpisodePlan(key, selection.environment(), policy, sampling));
			}
		}
		store.createJob(jobId, selection.environment().name(), selection.environment().version(), request,
				plans.stream().map(EpisodePlan::identity).toList());
		plans.forEach(plan -> executor.execute(() -> episodes.run(plan)));
		return jobId;
	}

	private static PolicyEndpoint endpoint(JobRequest.Policy policy) {
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
		return new PolicyEndpoint(url, policy.model(), policy.tokenIds() == null || policy.tokenIds());
	}

	private static SamplingParams sampling(JobRequest.Sampling s) {
		if (s == null) {
			return new SamplingParams(1.0, 1.0, 1024, null);
		}
		return new SamplingParams(s.temperature() == null ? 1.0 : s.temperature(), s.topP() == null ? 1.0 : s.topP(),
				s.maxTokens() == null ? 1024 : s.maxTokens(), s.seed());
	}

	@Override
	public void destroy() {
		executor.shutdownNow();
	}

}
