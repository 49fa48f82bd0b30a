package dev.gauntlet.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gauntlet.testing.InfrastructureTestConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * Walks the UI's request mapping table, not a hand-picked list: every route that accepts a method other than GET
 * or HEAD must refuse a viewer (403, with a valid CSRF token, so the refusal is the role's), refuse anyone signed
 * out, and refuse an admin without a CSRF token; an admin with a token gets past security.
 */
@SpringBootTest(properties = { "spring.config.name=admin-ui", "gauntlet.admin.environment-service-url=http://127.0.0.1:9",
		"gauntlet.admin.rollout-service-url=http://127.0.0.1:9", "gauntlet.admin.trainer-url=http://127.0.0.1:9",
		"gauntlet.admin.service-timeout=1s" })
@Import(InfrastructureTestConfiguration.class)
class RouteSecurityIntegrationTests {

	static final Set<RequestMethod> READS = Set.of(RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS);

	@Autowired
	WebApplicationContext context;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	MockMvc mvc;

	@BeforeEach
	void mvc() {
		mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
	}

	record Route(HttpMethod method, String path, String handler) {
	}

	List<Route> stateChangingRoutes() {
		List<Route> routes = new ArrayList<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
			Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
			Set<RequestMethod> changing = methods.isEmpty()
					? Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE) : methods;
			for (String pattern : entry.getKey().getPatternValues()) {
				for (RequestMethod method : changing) {
					if (!READS.contains(method)) {
						routes.add(new Route(HttpMethod.valueOf(method.name()), pattern.replaceAll("\\{[^}]+}", "x"),
								entry.getValue().getShortLogMessage()));
					}
				}
			}
		}
		return routes;
	}

	AbstractMockHttpServletRequestBuilder<?> request(Route route) {
		if (route.method() == HttpMethod.POST) {
			return MockMvcRequestBuilders.multipart(route.path())
				.file(new MockMultipartFile("file", "d.jsonl", "application/x-ndjson", "{}".getBytes()))
				.param("name", "x").param("version", "1").param("lifecycle", "ACTIVE").param("role", "VIEWER")
				.param("dataset", "d").param("examples", "{}");
		}
		return MockMvcRequestBuilders.request(route.method(), route.path());
	}

	@Test
	void everyStateChangingRouteRefusesViewersAndSignedOutUsers() throws Exception {
		List<Route> routes = stateChangingRoutes();
		assertThat(routes).as("state-changing routes in the mapping table")
			.extracting(Route::path)
			.contains("/environments", "/environments/probe", "/environments/x/versions/x/datasets",
					"/environments/x/versions/x/lifecycle", "/tokens", "/tokens/x/revoke");
		for (Route route : routes) {
			int viewer = mvc.perform(request(route).with(user("viewer").roles("VIEWER")).with(csrf()))
				.andReturn()
				.getResponse()
				.getStatus();
			assertThat(viewer).as("viewer: " + route).isEqualTo(403);

			int anonymous = mvc.perform(request(route).with(csrf())).andReturn().getResponse().getStatus();
			assertThat(anonymous).as("signed out: " + route).isIn(302, 401, 403);

			int noCsrf = mvc.perform(request(route).with(user("admin").roles("ADMIN"))).andReturn().getResponse()
				.getStatus();
			assertThat(noCsrf).as("admin without a CSRF token: " + route).isEqualTo(403);

			int admin = mvc.perform(request(route).with(user("admin").roles("ADMIN")).with(csrf()))
				.andReturn()
				.getResponse()
				.getStatus();
			if (!route.path().equals("/denied")) { // the refusal page itself answers 403 to everyone
				assertThat(admin).as("admin: " + route).isNotIn(401, 403);
			}
		}
	}

	@Test
	void readsNeedASignedInUserAndTheSessionCookieIsSecure() throws Exception {
		var anonymous = mvc.perform(MockMvcRequestBuilders.get("/environments")).andReturn().getResponse();
		assertThat(anonymous.getStatus()).isEqualTo(302);
		assertThat(anonymous.getRedirectedUrl()).endsWith("/login");
		assertThat(mvc.perform(MockMvcRequestBuilders.get("/login")).andReturn().getResponse().getHeader(
				"Content-Security-Policy")).contains("script-src 'self'");
		assertThat(context.getEnvironment().getProperty("server.servlet.session.cookie.secure")).isEqualTo("true");
		assertThat(context.getEnvironment().getProperty("server.servlet.session.cookie.http-only")).isEqualTo("true");
	}

}
