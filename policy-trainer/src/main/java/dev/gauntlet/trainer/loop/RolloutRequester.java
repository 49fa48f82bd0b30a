package dev.gauntlet.trainer.loop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import dev.gauntlet.trainer.run.RunConfig;
import dev.gauntlet.trainer.run.RunStore.Run;
import dev.gauntlet.trainer.system.TrainerSettings;
import dev.gauntlet.web.BoundedHttp;
import dev.gauntlet.web.ReplyText;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps a run's pipeline full: asks rollout-service ({@code POST /v1/jobs}) for enough groups that the next
 * {@code maxStaleness + 1} steps can fill, each prompt's environment drawn by the mix weights and, for
 * reasoning-budget training, its reasoning mode and thinking budget drawn from the configured distribution.
 * Prompts with the same draw go into one job. Also requests the scheduled evaluations.
 */
@Component
class RolloutRequester {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	/** rollout-service answers a job id: anything near this size is not its answer. */
	private static final long MAX_REPLY_BYTES = 1 << 20;

	private final HttpClient http;

	private final TrainerSettings settings;

	private final LoopStore store;

	private final TransactionTemplate transactions;

	private final IntakeGate gate;

	private final CrashPoints crashPoints;

	RolloutRequester(HttpClient trainerHttpClient, TrainerSettings settings, LoopStore store,
			TransactionTemplate transactions, IntakeGate gate, CrashPoints crashPoints) {
		this.http = trainerHttpClient;
		this.settings = settings;
		this.store = store;
		this.transactions = transactions;
		this.gate = gate;
		this.crashPoints = crashPoints;
	}

	/** rollout-service refused a job (4xx): the run's configuration is wrong, retrying cannot help. */
	static class Rejected extends RuntimeException {

		Rejected(String message) {
			super(message);
		}

	}

	/** rollout-service could not be reached or failed (5xx): retry later. */
	static class Unavailable extends RuntimeException {

		Unavailable(String message) {
			super(message);
		}

	}

	/** The number of groups a run keeps requested and not yet trained or dropped. */
	static int target(RunConfig c) {
		return (int) Math.ceil(c.prompts() * c.dynamicSampling().oversample()) * (c.maxStaleness() + 1);
	}

	/** One draw: environment, reasoning mode and budget of a prompt. */
	record Draw(String environment, @Nullable String mode, @Nullable Integer budget) {
	}

	/** Draws {@code n} prompts' environment, reasoning mode and budget; deterministic in the seed. */
	static Map<Draw, Integer> draw(RunConfig c, int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double total = c.environments().stream().mapToDouble(RunConfig.EnvironmentWeight::weight).sum();
		var reasoning = c.reasoning();
		boolean controlled = !reasoning.budgets().isEmpty() || reasoning.offRatio() > 0;
		Map<Draw, Integer> jobs = new LinkedHashMap<>();
		for (int i = 0; i < n; i++) {
			double u = random.nextDouble() * total;
			String env = c.environments().getLast().name();
			for (var e : c.environments()) {
				u -= e.weight();
				if (u < 0) {
					env = e.name();
					break;
				}
			}
			Draw d;
			if (!controlled) {
				d = new Draw(env, null, null);
			}
			else if (random.nextDouble() < reasoning.offRatio()) {
				d = new Draw(env, "off", null);
			}
			else {
				List<Integer> b = reasoning.budgets();
				d = new Draw(env, "on", b.isEmpty() ? null : b.get(random.nextInt(b.size())));
			}
			jobs.merge(d, 1, Integer::sum);
		}
		return jobs;
	}

	/** Requests what the run lacks; returns the number of groups requested. */
	int topUp(Run run) {
		RunConfig c = run.config();
		int need = target(c) - store.inFlightGroups(run.id());
		if (need <= 0) {
			return 0;
		}
		long seed = c.seed() * 1_000_003L + run.requestedJobs();
		for (var job : draw(c, need, seed).entrySet()) {
			Draw d = job.getKey();
			for (int groups : jobSizes(job.getValue(), c.prompts())) {
				request(run, "TRAIN", d.environment(), groups, c.group(), c.sampling().temperature(), d.mode(),
						d.budget(), null, seed);
				seed++;
			}
		}
		return need;
	}

	/**
	 * {@code groups} split into jobs of at most one step's prompts. A job draws distinct tasks, so one job for the
	 * whole top-up ({@code prompts x oversample x (maxStaleness + 1)}) could ask a small environment for more tasks
	 * than it has, and rollout-service would refuse it; jobs of a step's size ask no more than a step could train.
	 */
	static List<Integer> jobSizes(int groups, int maxPerJob) {
		if (maxPerJob <= 0) {
			throw new IllegalArgumentException("maxPerJob must be positive: " + maxPerJob);
		}
		List<Integer> sizes = new ArrayList<>();
		for (int left = groups; left > 0; left -= maxPerJob) {
			sizes.add(Math.min(left, maxPerJob));
		}
		return sizes;
	}

	/** Requests the evaluation due at the run's current step, once. */
	boolean evaluateIfDue(Run run) {
		RunConfig.Evaluation e = run.config().evaluation();
		if (!e.enabled() || run.step() % e.interval() != 0 || store.evaluationRequested(run.id(), run.step())) {
			return false;
		}
		double temperature = e.temperature() != null ? e.temperature() : run.config().sampling().temperature();
		long seed = run.config().seed() * 7_919L + run.step();
		for (String env : e.environments()) {
			request(run, "EVAL", env, e.tasks(), e.samplesPerTask(), temperature, null, null, run.step(), seed);
		}
		return true;
	}

	private void request(Run run, String purpose, String environment, int groups, int groupSize, double temperature,
			@Nullable String mode, @Nullable Integer budget, @Nullable Long evalStep, long seed) {
		RunConfig c = run.config();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("environment", environment);
		body.put("tasks", groups);
		body.put("seed", seed);
		body.put("samplesPerTask", groupSize);
		body.put("policy", Map.of("baseUrl", c.policy().baseUrl(), "model", c.policy().model(), "tokenIds", true));
		body.put("sampling",
				Map.of("temperature", temperature, "topP", c.sampling().topP(), "maxTokens", c.sampling().maxTokens()));
		if (mode != null) {
			Map<String, Object> reasoning = new LinkedHashMap<>();
			reasoning.put("mode", mode);
			if (budget != null) {
				reasoning.put("budgetTokens", budget);
			}
			body.put("reasoning", reasoning);
		}
		if (!gate.positioned()) {
			throw new Unavailable("the rollout intake has no position on the rollout topics yet");
		}
		gate.request().lock();
		try {
			UUID jobId = post(JSON.writeValueAsString(body));
			crashPoints.reach(CrashPoints.AFTER_ROLLOUT_REQUEST);
			transactions.executeWithoutResult(s -> store.recordRequest(jobId, run.id(), purpose, environment, groups,
					groupSize, run.policyVersion(), mode, budget, evalStep));
		}
		finally {
			gate.request().unlock();
		}
	}

	private UUID post(String json) {
		String base = settings.rolloutServiceUrl();
		URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/jobs");
		HttpResponse<String> response;
		try {
			// the whole reply within the limit: this runs holding the intake gate, which a stalled body would keep
			response = BoundedHttp.send(http, HttpRequest.newBuilder(uri)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), REQUEST_TIMEOUT, MAX_REPLY_BYTES);
		}
		catch (IOException ex) {
			throw new Unavailable("rollout-service unreachable at " + uri + ": " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Unavailable("interrupted");
		}
		int status = response.statusCode();
		String reply = response.body();
		String body = ReplyText.detail(reply);
		if (status >= 400 && status < 500) {
			throw new Rejected("rollout-service refused the job (HTTP " + status + "): " + body);
		}
		if (status < 200 || status >= 300) {
			throw new Unavailable("rollout-service answered HTTP " + status + ": " + body);
		}
		try {
			JsonNode id = JSON.readTree(reply).path("id");
			return UUID.fromString(id.asString(""));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new Unavailable("rollout-service reply has no job id: " + body);
		}
	}

}
