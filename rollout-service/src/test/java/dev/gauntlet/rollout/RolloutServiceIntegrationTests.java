package dev.gauntlet.rollout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.GauntletEvent;
import dev.gauntlet.contracts.PolicyUpdated;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.RolloutScored;
import dev.gauntlet.contracts.Topics;
import dev.gauntlet.rollout.policy.PolicyVersions;
import dev.gauntlet.testing.Http;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.testing.SharedInfrastructure;
import dev.gauntlet.testing.TopicReader;
import dev.gauntlet.web.GauntletService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rollout-service on real PostgreSQL and Kafka, with the test tool environment standing in for environment-service
 * and the tokenizing double for the policy: jobs through REST, stored trajectories, failures on the failed topic,
 * cancellation, the event stream, the endpoint registry and policy versions.
 */
@Timeout(120)
class RolloutServiceIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	static DeskEnvironment desk;

	static TemplateModel model;

	static ConfigurableApplicationContext service;

	static Http api;

	static int port;

	@BeforeAll
	static void start() {
		desk = DeskEnvironment.start();
		model = TemplateModel.start(RolloutServiceIntegrationTests::agent);
		service = GauntletService.builder(RolloutServiceApplication.class, RolloutServiceApplication.NAME)
			.sources(InfrastructureTestConfiguration.class)
			.run("--server.port=0", "--gauntlet.messaging.outbox-poll-interval=100ms",
					"--gauntlet.rollout.environment-service-url=" + desk.url(),
					// long enough that only an abort ends a stalled call early (the cancel and deadline tests)
					"--gauntlet.rollout.policy-timeout=10s", "--gauntlet.rollout.policy-retries=1",
					"--gauntlet.rollout.retry-backoff=20ms",
					"--gauntlet.rollout.endpoints.local.base-url=" + model.baseUrl(),
					"--gauntlet.rollout.endpoints.local.model=double",
					"--gauntlet.rollout.endpoints.local.max-in-flight=16",
					"--gauntlet.rollout.endpoints.narrow.base-url=" + model.baseUrl(),
					"--gauntlet.rollout.endpoints.narrow.model=" + SLOW,
					"--gauntlet.rollout.endpoints.narrow.max-in-flight=2",
					"--gauntlet.rollout.endpoints.secured.base-url=" + model.baseUrl(),
					"--gauntlet.rollout.endpoints.secured.model=double",
					"--gauntlet.rollout.endpoints.secured.secret-ref=env:GAUNTLET_TEST_UNSET_KEY_REF");
		port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
		api = Http.localhost(port);
	}

	@AfterAll
	static void stop() {
		service.close();
		model.close();
		desk.close();
	}

	/** Answered after 100 ms, so that calls overlap. */
	static final String SLOW = "slow";

	/** Reports policy version 4 for ticket desk-2 and 3 for the others. */
	static final String VERSIONED_BY_TASK = "versioned-by-task";

	/**
	 * Looks the user up, resets the password, answers. A model named "stall…" sends headers, then stalls the body for
	 * a minute; "broken" answers 500; {@link #SLOW} and {@link #VERSIONED_BY_TASK} as they say.
	 */
	static TemplateModel.Reply agent(JsonNode request) {
		String name = request.path("model").asString();
		if (name.startsWith("stall")) {
			return TemplateModel.Reply.headersThenStall(60_000);
		}
		if (name.equals("broken")) {
			return TemplateModel.Reply.status(500);
		}
		TemplateModel.Reply reply = TemplateModel.Reply.sample(request, switch (AgentLoopUnitTests.toolMessages(request)) {
			case 0 -> AgentLoopUnitTests.TURN_1;
			case 2 -> AgentLoopUnitTests.TURN_3;
			default -> "Reset.";
		});
		return switch (name) {
			case SLOW -> reply.after(100);
			case VERSIONED_BY_TASK -> reply.withPolicyVersion(request.toString().contains("Ticket desk-2") ? 4 : 3);
			default -> reply;
		};
	}

	static Map<String, Object> job(Map<String, Object> policy, int samples) {
		return Map.of("environment", "desk", "taskIds", List.of("desk-1", "desk-2"), "samplesPerTask", samples,
				"policy", policy, "sampling", Map.of("maxTokens", 400));
	}

	static UUID submit(Map<String, Object> job) {
		Http.Reply reply = api.post("/v1/jobs", job);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		return UUID.fromString(reply.json().get("id").asString());
	}

	static JsonNode awaitRollouts(UUID job, Predicate<JsonNode> done) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		JsonNode page = api.get("/v1/rollouts?job=" + job).json();
		while (!allMatch(page, done) && System.nanoTime() < deadline) {
			sleep(100);
			page = api.get("/v1/rollouts?job=" + job).json();
		}
		assertThat(allMatch(page, done)).as(page.toString()).isTrue();
		return page.get("items");
	}

	static boolean allMatch(JsonNode page, Predicate<JsonNode> p) {
		if (page.get("items").isEmpty()) {
			return false;
		}
		for (JsonNode item : page.get("items")) {
			if (!p.test(item)) {
				return false;
			}
		}
		return true;
	}

	static Predicate<JsonNode> status(String status) {
		return r -> r.get("status").asString().equals(status);
	}

	@Test
	void aMultiTurnToolJobStoresEveryTurnAndPublishesItsTrajectory() {
		UUID job = submit(job(Map.of("endpoint", "local"), 2));

		JsonNode items = awaitRollouts(job, status("COMPLETED"));
		assertThat(items).hasSize(4);
		JsonNode summary = items.get(0);
		assertThat(summary.get("environment").asString()).isEqualTo("desk@1.0.0");
		assertThat(summary.get("trainable").asBoolean()).isTrue();
		assertThat(summary.get("turns").asInt()).isEqualTo(3);
		assertThat(summary.get("policyVersion").asLong()).isEqualTo(3);

		JsonNode detail = api.get("/v1/rollouts/" + summary.get("rolloutId").asString()).json();
		JsonNode turns = detail.get("turns");
		assertThat(turns).hasSize(3);
		assertThat(turns.get(0).get("completionMask").asString()).isEqualTo("S".repeat(AgentLoopUnitTests.TURN_1.length()));
		List<Integer> firstCompletion = new ArrayList<>();
		turns.get(0).get("completionTokenIds").forEach(n -> firstCompletion.add(n.asInt()));
		assertThat(firstCompletion).isEqualTo(TemplateModel.tokenize(AgentLoopUnitTests.TURN_1));
		String mask = detail.get("trajectory").get("mask").asString();
		assertThat(mask).startsWith("P").contains("E").doesNotContain("F");
		assertThat(detail.get("trajectory").get("tokenIds").size()).isEqualTo(mask.length());
		List<String> toolContents = new ArrayList<>();
		detail.get("messages").forEach(m -> {
			if (m.get("role").asString().equals("tool")) {
				toolContents.add(m.get("content").asString());
			}
		});
		assertThat(toolContents).containsExactly("alice: locked out after 5 attempts", "no user named 'bob'",
				"password reset for alice");

		List<RolloutCompleted> published = records(Topics.ROLLOUTS_COMPLETED, RolloutCompleted.class,
				c -> c.identity().jobId().equals(job), 4);
		assertThat(published).hasSize(4).allSatisfy(c -> {
			assertThat(c.trajectory()).isNotNull();
			assertThat(c.turns()).hasSize(3);
			assertThat(c.policy().endpoint()).isEqualTo("local");
		});

		JsonNode view = api.get("/v1/jobs/" + job).json();
		assertThat(view.get("total").asLong()).isEqualTo(4);
		assertThat(view.get("counts").get("COMPLETED").asLong()).isEqualTo(4);
	}

	@Test
	void aFailingPolicyFailsEveryRolloutWithItsCauseAndNoRewardAndFinishesTheJob() {
		UUID job = submit(job(Map.of("baseUrl", model.baseUrl(), "model", "broken"), 1));

		JsonNode items = awaitRollouts(job, status("FAILED"));
		assertThat(items).hasSize(2).allSatisfy(r -> {
			assertThat(r.get("failureCause").asString()).isEqualTo("http_500");
			assertThat(r.get("failureStage").asString()).isEqualTo("POLICY");
			assertThat(r.get("reward").isNull()).isTrue();
		});
		assertThat(records(Topics.ROLLOUTS_FAILED, RolloutFailed.class, f -> f.identity().jobId().equals(job), 2))
			.hasSize(2);
		awaitJob(job, "COMPLETED");
	}

	@Test
	@Timeout(60)
	void cancellingAJobAbortsItsCallsInFlightAndFailsItsRolloutsAsCancelledPromptly() {
		TemplateModel.Traffic calls = model.traffic("stall-until-cancelled");
		UUID job = submit(job(Map.of("baseUrl", model.baseUrl(), "model", "stall-until-cancelled"), 3));
		assertThat(Await.until(WAIT, () -> calls.open() == 6)).as("every rollout inside a policy call").isTrue();
		long start = System.nanoTime();
		Http.Reply cancel = api.post("/v1/jobs/" + job + "/cancel", "{}");
		assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);

		// the policy timeout is 10 s and the stall a minute: only aborting the calls ends them this soon
		assertThat(Await.until(Duration.ofSeconds(3), () -> calls.open() == 0))
			.as(() -> "calls aborted: %d still open, %d hung up; %s".formatted(calls.open(), calls.hungUp(),
					api.get("/v1/rollouts?job=" + job).body()))
			.isTrue();
		assertThat(calls.hungUp()).isEqualTo(6);
		JsonNode items = awaitRollouts(job, status("FAILED"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(items).hasSize(6).allSatisfy(r -> {
			assertThat(r.get("failureStage").asString()).isEqualTo("CANCELLED");
			assertThat(r.get("failureCause").asString()).isEqualTo("job_cancelled");
		});
		assertThat(api.get("/v1/jobs/" + job).json().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(records(Topics.ROLLOUTS_FAILED, RolloutFailed.class, f -> f.identity().jobId().equals(job), 6))
			.hasSize(6);
		// an interrupted rollout does not retry: no call arrived after the six that were aborted
		sleep(300);
		assertThat(calls.arrived()).isEqualTo(6);
		assertThat(api.post("/v1/jobs/" + UUID.randomUUID() + "/cancel", "{}").status()).isEqualTo(404);
	}

	@Test
	@Timeout(30)
	void aPolicyThatSendsHeadersThenStallsFailsTheRolloutAtItsDeadline() {
		TemplateModel.Traffic calls = model.traffic("stall-past-deadline");
		Map<String, Object> request = new java.util.HashMap<>(
				job(Map.of("baseUrl", model.baseUrl(), "model", "stall-past-deadline"), 1));
		request.put("limits", Map.of("deadlineSeconds", 1));
		long start = System.nanoTime();
		UUID job = submit(request);

		JsonNode items = awaitRollouts(job, status("FAILED"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(items).hasSize(2).allSatisfy(r -> {
			assertThat(r.get("failureStage").asString()).isEqualTo("POLICY");
			assertThat(r.get("failureCause").asString()).isEqualTo("rollout_deadline_exceeded");
			assertThat(r.get("reward").isNull()).isTrue();
		});
		assertThat(Await.until(Duration.ofSeconds(2), () -> calls.hungUp() == 2)).as("stalled calls aborted").isTrue();
	}

	@Test
	void aRegisteredEndpointsConcurrencyLimitBoundsItsCallsInFlight() {
		UUID job = submit(job(Map.of("endpoint", "narrow"), 3));

		assertThat(awaitRollouts(job, status("COMPLETED"))).hasSize(6);
		TemplateModel.Traffic calls = model.traffic(SLOW);
		assertThat(calls.arrived()).isEqualTo(6 * 3);
		assertThat(calls.peak()).isEqualTo(2);
	}

	@Test
	void theEventStreamSendsEachResultThenTheJobsEnd() throws Exception {
		UUID job = submit(job(Map.of("baseUrl", model.baseUrl(), "model", "broken"), 2));
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<java.util.stream.Stream<String>> stream = client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs/" + job + "/events"))
					.header("Accept", "text/event-stream")
					.timeout(WAIT)
					.build(),
				HttpResponse.BodyHandlers.ofLines());
		assertThat(stream.statusCode()).isEqualTo(200);
		List<String> events = stream.body().filter(l -> l.startsWith("event:")).toList();
		assertThat(events.stream().filter(e -> e.contains("rollout")).count()).isEqualTo(4);
		assertThat(events.getLast()).contains("job");
	}

	@Test
	void rolloutsRecordTheAnnouncedPolicyVersionWhenTheServerReportsNoneAndAnOlderOneNeverMovesItBack() {
		publish(Topics.POLICY_UPDATED, List.of(announce(UUID.randomUUID(), TemplateModel.UNVERSIONED, 9)));
		long deadline = System.nanoTime() + WAIT.toNanos();
		UUID job;
		JsonNode items;
		do {
			sleep(300);
			job = submit(job(Map.of("baseUrl", model.baseUrl(), "model", TemplateModel.UNVERSIONED), 1));
			items = awaitRollouts(job, status("COMPLETED"));
		}
		while (items.get(0).get("policyVersion").isNull() && System.nanoTime() < deadline);
		assertThat(items).allSatisfy(r -> assertThat(r.get("policyVersion").asLong()).isEqualTo(9));
		assertThat(listed("job=" + job + "&policyVersion=9")).isEqualTo(ids(items));

		// an older announcement (redelivered, or from a slower run), then a marker behind it on the same partition
		UUID run = UUID.randomUUID();
		String marker = TemplateModel.UNVERSIONED + "-marker";
		publish(Topics.POLICY_UPDATED,
				List.of(announce(run, TemplateModel.UNVERSIONED, 5), announce(run, marker, 1)));
		PolicyVersions versions = service.getBean(PolicyVersions.class);
		assertThat(Await.until(WAIT, () -> Long.valueOf(1).equals(versions.current(marker)))).isTrue();
		UUID after = submit(job(Map.of("baseUrl", model.baseUrl(), "model", TemplateModel.UNVERSIONED), 1));
		assertThat(awaitRollouts(after, status("COMPLETED")))
			.allSatisfy(r -> assertThat(r.get("policyVersion").asLong()).isEqualTo(9));
	}

	static PolicyUpdated announce(UUID run, String model, long version) {
		return new PolicyUpdated(PolicyUpdated.SCHEMA_VERSION, run, model, version, version, null, Instant.now());
	}

	static void publish(String topic, List<? extends GauntletEvent> events) {
		try (var producer = new KafkaProducer<>(
				Map.<String, Object>of("bootstrap.servers", SharedInfrastructure.get().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			for (GauntletEvent event : events) {
				producer.send(new ProducerRecord<>(topic, event.key(), EventCodec.encode(event))).get();
			}
		}
		catch (InterruptedException | java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("could not publish to " + topic, ex);
		}
	}

	/** The ids of the rollouts the listing returns for {@code query}. */
	static Set<String> listed(String query) {
		Http.Reply reply = api.get("/v1/rollouts?limit=1000&" + query);
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return ids(reply.json().get("items"));
	}

	static Set<String> ids(JsonNode items) {
		Set<String> ids = new java.util.TreeSet<>();
		items.forEach(r -> ids.add(r.get("rolloutId").asString()));
		return ids;
	}

	@Test
	void theListingPagesAndRefusesBadFilters() {
		UUID job = submit(job(Map.of("endpoint", "local"), 3));
		awaitRollouts(job, status("COMPLETED"));
		JsonNode first = api.get("/v1/rollouts?job=" + job + "&limit=4").json();
		assertThat(first.get("items")).hasSize(4);
		JsonNode second = api.get("/v1/rollouts?job=" + job + "&limit=4&after=" + first.get("next").asString()).json();
		assertThat(second.get("items")).hasSize(2);
		assertThat(second.get("next").isNull()).isTrue();
		assertThat(api.get("/v1/rollouts?status=WEIRD").status()).isEqualTo(400);
		assertThat(api.get("/v1/rollouts?limit=0").status()).isEqualTo(400);
		assertThat(api.get("/v1/rollouts/" + UUID.randomUUID()).status()).isEqualTo(404);

		Http.Reply unknown = api.post("/v1/jobs", job(Map.of("endpoint", "nowhere"), 1));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).contains("policy.endpoint");
		Http.Reply badMode = api.post("/v1/jobs", Map.of("environment", "desk", "tasks", 1, "samplesPerTask", 1,
				"policy", Map.of("endpoint", "local"), "reasoning", Map.of("mode", "maybe")));
		assertThat(badMode.status()).isEqualTo(400);
		assertThat(badMode.body()).contains("reasoning.mode");
	}

	/** Every filter is checked against rollouts it must leave out, so a filter that were ignored would fail. */
	@Test
	void eachListingFilterSelectsExactlyItsRollouts() {
		UUID job = submit(job(Map.of("baseUrl", model.baseUrl(), "model", VERSIONED_BY_TASK), 3));
		JsonNode items = awaitRollouts(job, status("COMPLETED"));
		assertThat(items).hasSize(6);
		Set<String> all = ids(items);
		Set<String> desk2 = ids(filtered(items, r -> r.get("taskId").asString().equals("desk-2")));
		Set<String> desk1 = ids(filtered(items, r -> r.get("taskId").asString().equals("desk-1")));
		assertThat(desk1).hasSize(3);
		assertThat(desk2).hasSize(3);

		assertThat(listed("job=" + job + "&status=COMPLETED")).isEqualTo(all);
		assertThat(listed("job=" + job + "&status=FAILED")).isEmpty();

		var store = service.getBean(dev.gauntlet.rollout.store.RolloutStore.class);
		UUID elsewhereJob = UUID.randomUUID();
		String elsewhere = "elsewhere-" + elsewhereJob;
		store.createJob(elsewhereJob, elsewhere, "1.0.0", Map.of("note", "another environment"),
				List.of(new dev.gauntlet.contracts.RolloutKey(elsewhereJob, "t-1", 0, 0, 0),
						new dev.gauntlet.contracts.RolloutKey(elsewhereJob, "t-1", 0, 1, 0)));
		Set<String> elsewhereIds = new java.util.TreeSet<>();
		store.rolloutsOf(elsewhereJob).forEach(r -> elsewhereIds.add(r.rolloutId().toString()));
		assertThat(elsewhereIds).hasSize(2);
		assertThat(listed("environment=" + elsewhere)).isEqualTo(elsewhereIds);
		assertThat(listed("job=" + job + "&environment=desk")).isEqualTo(all);
		assertThat(listed("job=" + job + "&environment=" + elsewhere)).isEmpty();

		assertThat(listed("job=" + job + "&policyVersion=4")).isEqualTo(desk2);
		assertThat(listed("job=" + job + "&policyVersion=3")).isEqualTo(desk1);
		assertThat(listed("job=" + job + "&policyVersion=5")).isEmpty();

		// reward-service's scores: sample 0 gets 0.0, sample 1 gets 0.5, sample 2 gets 1.0
		List<RolloutCompleted> completed = records(Topics.ROLLOUTS_COMPLETED, RolloutCompleted.class,
				c -> c.identity().jobId().equals(job), 6);
		publish(Topics.ROLLOUTS_SCORED, completed.stream()
			.map(c -> RolloutScored.of(c, c.identity().sampleIndex() * 0.5, Map.of(), null, Instant.now()))
			.toList());
		JsonNode scored = awaitRollouts(job, status("SCORED"));
		assertThat(listed("job=" + job + "&minReward=0.25&maxReward=0.75")).isEqualTo(ids(sample(scored, 1)));
		assertThat(listed("job=" + job + "&minReward=0.75")).isEqualTo(ids(sample(scored, 2)));
		assertThat(listed("job=" + job + "&maxReward=0.25")).isEqualTo(ids(sample(scored, 0)));
		assertThat(listed("job=" + job + "&minReward=1.5")).isEmpty();
	}

	static JsonNode sample(JsonNode items, int index) {
		return filtered(items, r -> r.get("sampleIndex").asInt() == index);
	}

	static JsonNode filtered(JsonNode items, Predicate<JsonNode> keep) {
		tools.jackson.databind.node.ArrayNode kept = TemplateModel.JSON.createArrayNode();
		items.forEach(r -> {
			if (keep.test(r)) {
				kept.add(r);
			}
		});
		return kept;
	}

	@Test
	void theRegistryIsListedWithoutSecretReferencesAndAMissingSecretFailsTheRollout() {
		Http.Reply list = api.get("/v1/endpoints");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().findValuesAsString("name")).containsExactly("local", "narrow", "secured");
		assertThat(list.body()).doesNotContain("GAUNTLET_TEST_UNSET_KEY_REF").doesNotContain("secretRef");

		UUID job = submit(job(Map.of("endpoint", "secured"), 1));
		JsonNode items = awaitRollouts(job, status("FAILED"));
		assertThat(items).allSatisfy(r -> {
			assertThat(r.get("failureCause").asString()).isEqualTo("policy_secret_missing");
			assertThat(r.get("failureMessage").asString()).doesNotContain("GAUNTLET_TEST_UNSET_KEY_REF");
		});
	}

	@Test
	void reasoningCanBeSetPerTask() {
		int before = model.requests.size();
		Map<String, Object> request = new java.util.HashMap<>(job(Map.of("endpoint", "local"), 1));
		request.put("reasoning", Map.of("mode", "on"));
		request.put("taskReasoning", Map.of("desk-2", Map.of("mode", "off")));
		UUID job = submit(request);
		awaitRollouts(job, status("COMPLETED"));
		List<JsonNode> calls = model.requests.subList(before, model.requests.size());
		assertThat(calls).filteredOn(r -> r.toString().contains("Ticket desk-2"))
			.isNotEmpty()
			.allSatisfy(r -> assertThat(r.path("chat_template_kwargs").path("enable_thinking").asBoolean(true)).isFalse());
		assertThat(calls).filteredOn(r -> r.toString().contains("Ticket desk-1"))
			.isNotEmpty()
			.allSatisfy(r -> assertThat(r.has("chat_template_kwargs")).isFalse());

		request.put("taskReasoning", Map.of("desk-9", Map.of("mode", "off")));
		Http.Reply refused = api.post("/v1/jobs", request);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("taskReasoning");
	}

	@Test
	void rolloutsLeftPendingByAnEarlierRunFailAsServiceRestartedAndAreAnnounced() {
		var store = service.getBean(dev.gauntlet.rollout.store.RolloutStore.class);
		UUID job = UUID.randomUUID();
		var key = new dev.gauntlet.contracts.RolloutKey(job, "desk-1", 0, 0, 0);
		store.createJob(job, "desk", DeskEnvironment.VERSION, Map.of("note", "left behind"), List.of(key));

		assertThat(store.recoverAbandoned()).isGreaterThanOrEqualTo(1);

		JsonNode items = awaitRollouts(job, status("FAILED"));
		assertThat(items.get(0).get("failureCause").asString()).isEqualTo("service_restarted");
		assertThat(records(Topics.ROLLOUTS_FAILED, RolloutFailed.class, f -> f.identity().jobId().equals(job), 1))
			.hasSize(1);
		awaitJob(job, "COMPLETED");
	}

	static void awaitJob(UUID job, String status) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!api.get("/v1/jobs/" + job).json().get("status").asString().equals(status)
				&& System.nanoTime() < deadline) {
			sleep(100);
		}
		assertThat(api.get("/v1/jobs/" + job).json().get("status").asString()).isEqualTo(status);
	}

	static <T extends GauntletEvent> List<T> records(String topic, Class<T> type, Predicate<T> mine, int expected) {
		List<ConsumerRecord<String, byte[]>> records = TopicReader.read(
				SharedInfrastructure.get().kafkaBootstrapServers(), topic,
				rs -> rs.stream().map(r -> EventCodec.decode(r.value(), type)).filter(mine).count() >= expected, WAIT);
		return records.stream().map(r -> EventCodec.decode(r.value(), type)).filter(mine).toList();
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
