package dev.gauntlet.environment.service.registry;

import java.net.URI;
import java.util.List;

import dev.gauntlet.environment.service.access.Principal;
import dev.gauntlet.environment.service.dataset.DatasetStore;
import dev.gauntlet.web.InvalidFieldException;
import dev.gauntlet.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The registry's REST API: list and search environments, read versions, register remote environments (after a
 * probe), probe without registering, and move a version's lifecycle. Changes need an ADMIN API token.
 */
@RestController
@RequestMapping("/v1/environments")
class RegistryController {

	private final EnvironmentRegistry registry;

	private final Resolver resolver;

	private final Registration registration;

	private final DatasetStore datasets;

	RegistryController(EnvironmentRegistry registry, Resolver resolver, Registration registration,
			DatasetStore datasets) {
		this.registry = registry;
		this.resolver = resolver;
		this.registration = registration;
		this.datasets = datasets;
	}

	/** A page of environments. */
	record PageView(List<VersionView> items, int page, int size, long total) {
	}

	@GetMapping
	@Operation(summary = "Search environments: one entry per name (its current version), filtered and paged")
	PageView list(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String domain,
			@RequestParam(required = false) @Nullable String lifecycle,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		if (lifecycle != null && !lifecycle.isBlank() && !EnvironmentRegistry.LIFECYCLES.contains(lifecycle)) {
			throw new InvalidFieldException("lifecycle", "one of " + EnvironmentRegistry.LIFECYCLES);
		}
		EnvironmentRegistry.Page found = registry.search(q, domain, lifecycle, page, size);
		return new PageView(found.items().stream().map(this::view).toList(), found.page(), found.size(),
				found.total());
	}

	@GetMapping("/{name}")
	@Operation(summary = "The current version of an environment (or name@version)")
	VersionView get(@PathVariable String name) {
		return view(resolver.resolve(name).version());
	}

	@GetMapping("/{name}/versions")
	@Operation(summary = "Every version of an environment, newest first")
	List<VersionView> versions(@PathVariable String name) {
		List<RegisteredVersion> all = registry.versions(name);
		if (all.isEmpty()) {
			throw new NotFoundException("no environment named '" + name + "'");
		}
		return all.stream().map(this::view).toList();
	}

	@GetMapping("/{name}/versions/{version}")
	@Operation(summary = "One exact version")
	VersionView version(@PathVariable String name, @PathVariable String version) {
		return view(find(name, version));
	}

	@PostMapping
	@Operation(summary = "Register a remote environment version; probes it first. 409 when name@version exists")
	ResponseEntity<VersionView> register(@Valid @RequestBody RegistrationRequest request,
			HttpServletRequest http) {
		RegisteredVersion created = registration.register(request, Principal.of(http));
		return ResponseEntity.created(URI.create("/v1/environments/" + created.name() + "/versions/"
				+ created.version())).body(view(created));
	}

	@PostMapping("/probe")
	@Operation(summary = "Run the registration probe (allowlist, health, seed and verify of each example) without registering")
	ProbeReport probe(@Valid @RequestBody RegistrationRequest request) {
		return registration.probe(request);
	}

	record LifecycleChange(@NotBlank @Pattern(regexp = "ACTIVE|DEPRECATED", message = "ACTIVE or DEPRECATED") String lifecycle) {
	}

	@PutMapping("/{name}/versions/{version}/lifecycle")
	@Operation(summary = "Move a version to ACTIVE or DEPRECATED; the only change a registered version allows")
	VersionView lifecycle(@PathVariable String name, @PathVariable String version,
			@Valid @RequestBody LifecycleChange change) {
		find(name, version);
		registry.lifecycle(name, version, change.lifecycle());
		return view(find(name, version));
	}

	private RegisteredVersion find(String name, String version) {
		return registry.find(name, version)
			.orElseThrow(() -> new NotFoundException("no environment version '" + name + "@" + version + "'"));
	}

	private VersionView view(RegisteredVersion v) {
		List<DatasetStore.DatasetSummary> latest = datasets.latest(v.name(), v.version());
		long tasks = v.remote() ? v.examples().size() + latest.stream().mapToLong(DatasetStore.DatasetSummary::rowCount).sum()
				: v.taskCount();
		return VersionView.of(v, tasks, latest);
	}

}
