package dev.gauntlet.rollout.job;

import java.util.List;

import dev.gauntlet.rollout.policy.PolicyEndpoint;
import dev.gauntlet.rollout.policy.PolicyEndpoint.Capabilities;
import dev.gauntlet.rollout.policy.PolicyEndpoints;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The policy endpoint registry, as jobs can name it. Secret references are never shown. */
@RestController
@RequestMapping("/v1/endpoints")
class EndpointController {

	private final PolicyEndpoints endpoints;

	EndpointController(PolicyEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	@GetMapping
	@Operation(summary = "Registered policy endpoints: name, base URL, model, capabilities, concurrency limit")
	List<EndpointView> list() {
		return endpoints.all().values().stream().map(EndpointView::of).sorted((a, b) -> a.name().compareTo(b.name())).toList();
	}

	/** @param authenticated whether calls carry an API key (from a secret reference that is not shown) */
	record EndpointView(String name, String baseUrl, String model, boolean authenticated, Capabilities capabilities,
			String thinkingOff, int maxInFlight) {

		static EndpointView of(PolicyEndpoint e) {
			return new EndpointView(e.name(), e.baseUrl().toString(), e.model(), e.secretRef() != null,
					e.capabilities(), e.thinkingOff().name(), e.maxInFlight());
		}

	}

}
