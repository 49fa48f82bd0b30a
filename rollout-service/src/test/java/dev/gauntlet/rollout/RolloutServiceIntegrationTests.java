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
import java.util.UUID;
import java.util.function.Predicate;

import dev.gauntlet.contracts.EventCodec;
import dev.gauntlet.contracts.GauntletEvent;
import dev.gauntlet.contracts.PolicyUpdated;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutFailed;
import dev.gauntlet.contracts.Topics;
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
					"--gauntlet.rollout.policy-timeout=1s", "--gauntlet.rollout.policy-retries=1",
					"--gauntlet.rollout.retry-backoff=20ms",
					"--gauntlet.rollout.endpoints.local.base-url=" + model.baseUrl(),
					"--gauntlet.rollout.endpoints.local.model=double",
					"--gauntlet.rollout.endpoints.local.max-in-flight=16",
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

	/** Looks the user up, resets the password, answers; a request for model "hang" hangs, "broken" answers 500. */
	static TemplateModel.Reply agent(JsonNode request) {
		String name = request.path("model").asString();
		if (name.equals("hang")) {
			return TemplateModel.Reply.hang(60_000);
		}
		if (name.equals("broken")) {
			return TemplateModel.Reply.status(500);
		}
		return TemplateModel.Reply.sample(request, switch (AgentLoopUnitTests.toolMessages(request)) {
			case 0 -> AgentLoopUnitTests.TURN_1;
			case 2 -> AgentLoopUnitTests.TURN_3;
			default -> "Reset.";
		});
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
	void cancellingAJobFailsItsRolloutsAsCancelledPromptlyEvenWhileCallsHang() {
		UUID job = submit(job(Map.of("baseUrl", model.baseUrl(), "model", "hang"), 3));
		sleep(300);
		long start = System.nanoTime();
		Http.Reply cancel = api.post("/v1/jobs/" + job + "/cancel", "{}");
		assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);

		JsonNode items = awaitRollouts(job, status("FAILED"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(items).hasSize(6).allSatisfy(r -> {
			assertThat(r.get("failureStage").asString()).isEqualTo("CANCELLED");
			assertThat(r.get("failureCause").asString()).isEqualTo("job_cancelled");
		});
		assertThat(api.get("/v1/jobs/" + job).json().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(records(Topics.ROLLOUTS_FAILED, RolloutFailed.class, f -> f.identity().jobId().equals(job), 6))
			.hasSize(6);
		assertThat(api.post("/v1/jobs/" + UUID.randomUUID() + "/cancel", "{}").status()).isEqualTo(404);
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
	void rolloutsRecordTheAnnouncedPolicyVersionWhenTheServerReportsNone() throws Exception {
		PolicyUpdated update = new PolicyUpdated(1, UUID.randomUUID(), TemplateModel.UNVERSIONED, 9, 9, null,
				Instant.now());
		try (var producer = new KafkaProducer<>(
				Map.<String, Object>of("bootstrap.servers", SharedInfrastructure.get().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(Topics.POLICY_UPDATED, update.key(), EventCodec.encode(update))).get();
		}
		long deadline = System.nanoTime() + WAIT.toNanos();
		JsonNode items;
		do {
			sleep(300);
			UUID job = submit(job(Map.of("baseUrl", model.baseUrl(), "model", TemplateModel.UNVERSIONED), 1));
			items = awaitRollouts(job, status("COMPLETED"));
		}
		while (items.get(0).get("policyVersion").isNull() && System.nanoTime() < deadline);
		assertThat(items.get(0).get("policyVersion").asLong()).isEqualTo(9);
		assertThat(api.get("/v1/rollouts?policyVersion=9&limit=1").json().get("items")).hasSize(1);
	}

	@Test
	void theListingFiltersAndPagesAndRefusesBadFilters() {
		UUID job = submit(job(Map.of("endpoint", "local"), 3));
		awaitRollouts(job, status("COMPLETED"));
		JsonNode first = api.get("/v1/rollouts?job=" + job + "&limit=4").json();
		assertThat(first.get("items")).hasSize(4);
		JsonNode second = api.get("/v1/rollouts?job=" + job + "&limit=4&after=" + first.get("next").asString()).json();
		assertThat(second.get("items")).hasSize(2);
		assertThat(second.get("next").isNull()).isTrue();
		assertThat(api.get("/v1/rollouts?job=" + job + "&status=FAILED").json().get("items")).isEmpty();
		assertThat(api.get("/v1/rollouts?environment=desk&status=COMPLETED&limit=1").json().get("items")).hasSize(1);
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

	@Test
	void theRegistryIsListedWithoutSecretReferencesAndAMissingSecretFailsTheRollout() {
		Http.Reply list = api.get("/v1/endpoints");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().findValuesAsString("name")).containsExactly("local", "secured");
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
