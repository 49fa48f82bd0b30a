package dev.gauntlet.environment.service.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpServer;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.testing.PythonRemote;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry's rules against a real remote environment (the Python example on loopback) and real PostgreSQL:
 * probes, immutability, conflicts, the allowlist, forwarding with a circuit breaker, datasets, and tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=environment-service",
				"gauntlet.environments.remote.allowed-networks=127.0.0.0/8",
				"gauntlet.environments.remote.request-timeout=3s", "gauntlet.environments.remote.retries=1",
				"gauntlet.environments.remote.retry-backoff=10ms",
				"gauntlet.environments.remote.breaker-failure-threshold=2",
				"gauntlet.environments.remote.breaker-open-for=60s",
				"gauntlet.environments.api.bootstrap-admin-token=" + RegistryIntegrationTests.ADMIN })
@Import(InfrastructureTestConfiguration.class)
class RegistryIntegrationTests {

	static final String ADMIN = "test-admin-token-0123456789";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static PythonRemote remote;

	static PythonRemote selfFailing;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void startRemotes() {
		remote = PythonRemote.start();
		selfFailing = PythonRemote.start("--self-failing");
	}

	@AfterAll
	static void stopRemotes() {
		remote.close();
		selfFailing.close();
	}

	record Reply(int status, JsonNode json, String body) {
	}

	Reply send(String method, String path, String body, String contentType, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(60))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", contentType);
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
			return new Reply(response.statusCode(), json, response.body());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Reply post(String path, Object body, String token) {
		return send("POST", path, JSON.writeValueAsString(body), "application/json", token);
	}

	Reply get(String path) {
		return send("GET", path, null, null, null);
	}

	static Map<String, Object> registration(String name, String version, String baseUrl) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("version", version);
		body.put("domain", "TOOL_USE");
		body.put("description", "arithmetic with a calculator tool");
		body.put("minReward", 0.0);
		body.put("maxReward", 1.0);
		body.put("deterministic", true);
		body.put("baseUrl", baseUrl);
		body.put("tools", List.of(Map.of("name", "calculator", "description", "evaluates arithmetic")));
		body.put("taskSchema", Map.of("type", "object", "required", List.of("question", "answer"), "properties",
				Map.of("id", Map.of("type", "string"), "question", Map.of("type", "string"), "answer",
						Map.of("type", "string"))));
		body.put("examples", List.of(Map.of("task", Map.of("question", "What is 17 * 23?", "answer", "391"),
				"goldAnswer", "Answer: 391")));
		return body;
	}

	@Test
	void registersARemoteEnvironmentAfterItsProbeAndForwardsTheProtocolToIt() {
		Reply created = post("/v1/environments", registration("calc", "1.0.0", remote.url()), ADMIN);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().get("reference").asString()).isEqualTo("calc@1.0.0");
		assertThat(created.json().get("kind").asString()).isEqualTo("remote");
		assertThat(created.json().get("probe").get("ok").asBoolean()).isTrue();
		assertThat(created.json().get("registeredBy").asString()).isEqualTo("bootstrap-admin");

		JsonNode tasks = get("/v1/environments/calc/tasks?count=1&seed=3").json();
		assertThat(tasks.get("environment").asString()).isEqualTo("calc@1.0.0");
		String taskId = tasks.get("taskIds").get(0).asString();

		JsonNode seeded = post("/environments/calc/seed_session", Map.of("session_id", "s1", "task_id", taskId), null)
			.json();
		assertThat(seeded.get("environment").asString()).isEqualTo("calc@1.0.0");
		assertThat(seeded.get("messages").get(1).get("content").asString()).contains("17 * 23");
		assertThat(seeded.get("tools").get(0).get("function").get("name").asString()).isEqualTo("calculator");

		JsonNode tool = post("/environments/calc@1.0.0/tools/calculator",
				Map.of("session_id", "s1", "arguments", Map.of("expression", "17*23")), null).json();
		assertThat(tool.get("content").asString()).isEqualTo("391");
		assertThat(tool.get("error").asBoolean()).isFalse();

		JsonNode right = post("/environments/calc/verify", Map.of("session_id", "s1", "task_id", taskId, "messages",
				List.of(Map.of("role", "assistant", "content", "Answer: 391"))), null).json();
		assertThat(right.get("status").asString()).isEqualTo("ok");
		assertThat(right.get("reward").asDouble()).isEqualTo(1.0);
		JsonNode wrong = post("/environments/calc/verify", Map.of("session_id", "s1", "task_id", taskId, "messages",
				List.of(Map.of("role", "assistant", "content", "Answer: 7"))), null).json();
		assertThat(wrong.get("reward").asDouble()).isZero();
		assertThat(get("/environments/calc/health").json().get("status").asString()).isEqualTo("UP");
	}

	@Test
	void aDuplicateNameAtVersionIsAConflictAndTheOldVersionNeverChanges() {
		assertThat(post("/v1/environments", registration("dup", "1.0.0", remote.url()), ADMIN).status()).isEqualTo(201);
		Map<String, Object> changed = registration("dup", "1.0.0", remote.url());
		changed.put("description", "an attempt to rewrite 1.0.0");
		Reply again = post("/v1/environments", changed, ADMIN);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("detail").asString()).contains("dup@1.0.0 is already registered");

		Map<String, Object> next = registration("dup", "1.1.0", remote.url());
		next.put("description", "version two");
		assertThat(post("/v1/environments", next, ADMIN).status()).isEqualTo(201);

		assertThat(get("/v1/environments/dup/versions/1.0.0").json().get("description").asString())
			.isEqualTo("arithmetic with a calculator tool");
		assertThat(get("/v1/environments/dup/versions").json()).hasSize(2);
		assertThat(get("/v1/environments/dup@1.0.0").json().get("version").asString()).isEqualTo("1.0.0");
		// Even the database refuses to rewrite a registered version; only its lifecycle may move.
		assertThatThrownBy(() -> jdbc.sql("UPDATE environment_version SET description = 'x' WHERE name = 'dup' "
				+ "AND version = '1.0.0'").update()).hasMessageContaining("immutable");
		Reply deprecated = send("PUT", "/v1/environments/dup/versions/1.0.0/lifecycle", "{\"lifecycle\":\"DEPRECATED\"}",
				"application/json", ADMIN);
		assertThat(deprecated.json().get("lifecycle").asString()).as(deprecated.body()).isEqualTo("DEPRECATED");
		assertThat(post("/v1/environments", registration("gsm8k", "9.0.0", remote.url()), ADMIN).status())
			.as("a built-in's name").isEqualTo(409);
	}

	@Test
	void anUnreachableRemoteIsRefusedWithTheReason() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		Reply refused = post("/v1/environments", registration("gone", "1.0.0", "http://127.0.0.1:" + closed), ADMIN);
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().get("detail").asString()).contains("health").contains("cannot connect");
		assertThat(get("/v1/environments/gone/versions").status()).isEqualTo(404);
	}

	@Test
	void aRemoteThatRejectsItsOwnGoldAnswerIsRefusedWithTheReason() {
		Reply refused = post("/v1/environments", registration("selfish", "1.0.0", selfFailing.url()), ADMIN);
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().get("detail").asString()).contains("gold answer").contains("reward 0.0");
		JsonNode checks = refused.json().get("probe").get("checks");
		assertThat(checks.get(checks.size() - 1).get("ok").asBoolean()).isFalse();
	}

	@Test
	void addressesOffTheAllowlistAndRedirectsAreRefused() throws IOException {
		for (String url : List.of("http://169.254.169.254/latest", "http://10.1.2.3:8080", "file:///etc/passwd",
				"http://user:pw@127.0.0.1:1")) {
			Reply refused = post("/v1/environments", registration("ssrf", "1.0.0", url), ADMIN);
			assertThat(refused.status()).as(url).isEqualTo(422);
			assertThat(refused.json().get("probe").get("checks").get(0).get("name").asString()).isEqualTo("allowlist");
		}
		assertThat(post("/v1/environments", registration("ssrf", "1.0.0", "http://169.254.169.254"), ADMIN).json()
			.get("detail").asString()).contains("169.254.169.254").contains("not on the allowlist");

		HttpServer redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		redirecting.createContext("/", exchange -> {
			exchange.getResponseHeaders().add("Location", "http://169.254.169.254/");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		redirecting.start();
		try {
			Reply refused = post("/v1/environments", registration("redirects", "1.0.0",
					"http://127.0.0.1:" + redirecting.getAddress().getPort()), ADMIN);
			assertThat(refused.status()).isEqualTo(422);
			assertThat(refused.json().get("detail").asString()).contains("redirect");
		}
		finally {
			redirecting.stop(0);
		}
	}

	@Test
	void aRemoteThatGoesDownFailsVerificationAsAnErrorAndTripsTheBreaker() {
		PythonRemote shortLived = PythonRemote.start();
		assertThat(post("/v1/environments", registration("flaky", "1.0.0", shortLived.url()), ADMIN).status())
			.isEqualTo(201);
		shortLived.close();
		Map<String, Object> verify = Map.of("session_id", "s", "task_id", "example-1", "messages",
				List.of(Map.of("role", "assistant", "content", "Answer: 391")));
		List<String> details = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			JsonNode verdict = post("/environments/flaky/verify", verify, null).json();
			assertThat(verdict.get("status").asString()).isEqualTo("error");
			assertThat(verdict.get("reward").isNull()).isTrue();
			details.add(verdict.get("detail").asString());
		}
		assertThat(details.get(0)).contains("cannot connect");
		assertThat(details.get(2)).contains("circuit open");
		Reply seed = post("/environments/flaky/seed_session", Map.of("session_id", "s", "task_id", "example-1"), null);
		assertThat(seed.status()).isEqualTo(502);
		assertThat(get("/environments/flaky/health").json().get("status").asString()).isEqualTo("DOWN");
	}

	@Test
	void uploadsValidateEveryRowAllOrNothingOrSkippingInvalidRowsWithLineNumbers() {
		assertThat(post("/v1/environments", registration("dsenv", "1.0.0", remote.url()), ADMIN).status())
			.isEqualTo(201);
		String jsonl = """
				{"id": "a", "question": "1+1?", "answer": "2"}
				{"id": "b", "prompt": "no question here"}

				{"id": "c", "question": "2+3?", "answer": "5"}
				not json
				""";
		String path = "/v1/environments/dsenv/versions/1.0.0/datasets/train";
		Reply strict = send("POST", path, jsonl, "application/x-ndjson", ADMIN);
		assertThat(strict.status()).isEqualTo(422);
		assertThat(strict.json().get("rowErrors").get(0).get("line").asInt()).isEqualTo(2);
		assertThat(strict.json().get("rowErrors").get(0).get("message").asString())
			.contains("missing required field 'question'");
		assertThat(strict.json().get("rowErrors").get(1).get("line").asInt()).isEqualTo(5);
		assertThat(send("GET", path.replace("/train", ""), null, null, null).json()).isEmpty();

		Reply lenient = send("POST", path + "?mode=SKIP_INVALID", jsonl, "application/x-ndjson", ADMIN);
		assertThat(lenient.status()).as(lenient.body()).isEqualTo(201);
		assertThat(lenient.json().get("version").asInt()).isEqualTo(1);
		assertThat(lenient.json().get("rowCount").asLong()).isEqualTo(2);
		assertThat(lenient.json().get("rejectedCount").asLong()).isEqualTo(2);
		assertThat(lenient.json().get("sha256").asString()).hasSize(64);

		Reply second = send("POST", path + "?mode=SKIP_INVALID", jsonl, "application/x-ndjson", ADMIN);
		assertThat(second.json().get("version").asInt()).isEqualTo(2);
		assertThat(second.json().get("sha256").asString()).isEqualTo(lenient.json().get("sha256").asString());

		JsonNode view = get("/v1/environments/dsenv").json();
		assertThat(view.get("taskCount").asLong()).as("one example and two rows").isEqualTo(3);
		assertThat(view.get("datasets").get(0).get("rowCount").asLong()).isEqualTo(2);
		JsonNode ids = get("/v1/environments/dsenv/tasks?ids=train/c").json();
		assertThat(ids.get("taskIds").get(0).asString()).isEqualTo("train/c");
		JsonNode seeded = post("/environments/dsenv/seed_session", Map.of("session_id", "s", "task_id", "train/c"),
				null).json();
		assertThat(seeded.get("messages").get(1).get("content").asString()).isEqualTo("2+3?");
	}

	@Test
	void searchFiltersByTextDomainAndLifecycle() {
		post("/v1/environments", registration("searchable", "1.0.0", remote.url()), ADMIN);
		JsonNode page = get("/v1/environments?q=searchable&domain=TOOL_USE&lifecycle=ACTIVE").json();
		assertThat(page.get("total").asLong()).isEqualTo(1);
		assertThat(page.get("items").get(0).get("name").asString()).isEqualTo("searchable");
		assertThat(get("/v1/environments?q=searchable&domain=MATH").json().get("total").asLong()).isZero();
		assertThat(get("/v1/environments?domain=MATH").json().get("items").toString()).contains("gsm8k@1.0.0");
	}

	@Test
	void tokensCarryRolesAndAViewerTokenCannotChangeTheRegistry() {
		assertThat(post("/v1/environments", registration("t", "1.0.0", remote.url()), null).status()).isEqualTo(401);
		Reply viewer = post("/v1/tokens", Map.of("name", "ci-viewer", "role", "VIEWER"), ADMIN);
		assertThat(viewer.status()).isEqualTo(201);
		String viewerToken = viewer.json().get("token").asString();
		Reply forbidden = post("/v1/environments", registration("t", "1.0.0", remote.url()), viewerToken);
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.json().get("detail").asString()).contains("VIEWER");
		assertThat(get("/v1/environments/gsm8k").status()).as("reads need no token").isEqualTo(200);

		Reply admin = post("/v1/tokens", Map.of("name", "ci-admin", "role", "ADMIN"), ADMIN);
		String adminToken = admin.json().get("token").asString();
		assertThat(send("GET", "/v1/tokens", null, null, adminToken).body()).contains("ci-viewer")
			.doesNotContain(viewerToken);
		assertThat(send("DELETE", "/v1/tokens/" + admin.json().get("id").asString(), null, null, ADMIN).status())
			.isEqualTo(204);
		assertThat(post("/v1/tokens", Map.of("name", "x", "role", "VIEWER"), adminToken).status())
			.as("a revoked token").isEqualTo(401);
	}

	/**
	 * Walks the handler mapping table: every route that is not a plain read, outside the environment protocol,
	 * must refuse a request without a token (401) and with a VIEWER token (403).
	 */
	@Test
	void noRouteChangesStateWithoutAnAdminToken() {
		String viewerToken = post("/v1/tokens", Map.of("name", "mapping-viewer", "role", "VIEWER"), ADMIN).json()
			.get("token")
			.asString();
		int checked = 0;
		for (Map.Entry<RequestMappingInfo, ?> entry : mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			Set<RequestMethod> changing = methods.isEmpty() ? Set.of(RequestMethod.POST, RequestMethod.PUT,
					RequestMethod.PATCH, RequestMethod.DELETE) : methods;
			for (String pattern : info.getPatternValues()) {
				if (pattern.startsWith("/environments/") || pattern.startsWith("/error")) {
					continue; // the protocol routes (called by rollout- and reward-service) and the error page
				}
				for (RequestMethod method : changing) {
					if (method == RequestMethod.GET || method == RequestMethod.HEAD || method == RequestMethod.OPTIONS) {
						continue;
					}
					String path = pattern.replaceAll("\\{[^}]+}", "x");
					assertThat(send(method.name(), path, "{}", "application/json", null).status())
						.as(method + " " + pattern + " without a token").isEqualTo(401);
					assertThat(send(method.name(), path, "{}", "application/json", viewerToken).status())
						.as(method + " " + pattern + " with a viewer token").isEqualTo(403);
					checked++;
				}
			}
		}
		assertThat(checked).as("state-changing routes found in the mapping table").isGreaterThanOrEqualTo(6);
	}

}
