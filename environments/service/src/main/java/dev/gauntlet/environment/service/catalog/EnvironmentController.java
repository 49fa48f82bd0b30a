package dev.gauntlet.environment.service.catalog;

import java.util.List;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentDescriptor;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.web.InvalidFieldException;
import dev.gauntlet.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The registry's read API: which environments exist, and which tasks to run. */
@RestController
@RequestMapping("/v1/environments")
class EnvironmentController {

	/** The most task ids one request returns. */
	static final int MAX_TASKS = 10_000;

	private final EnvironmentCatalog catalog;

	EnvironmentController(EnvironmentCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping
	@Operation(summary = "List environments")
	List<EnvironmentView> list() {
		return catalog.all().stream().map(EnvironmentView::of).toList();
	}

	@GetMapping("/{name}")
	@Operation(summary = "Describe one environment")
	EnvironmentView get(@PathVariable String name) {
		return EnvironmentView.of(environment(name));
	}

	@GetMapping("/{name}/tasks")
	@Operation(summary = "Select tasks: a seeded sample of `count` tasks, or the given `ids`")
	TaskSelection tasks(@PathVariable String name, @RequestParam(required = false) @Min(1) @Max(MAX_TASKS) @Nullable Integer count,
			@RequestParam(defaultValue = "0") long seed, @RequestParam(required = false) @Nullable List<String> ids) {
		Environment env = environment(name);
		List<String> selected;
		if (ids != null && !ids.isEmpty()) {
			if (ids.size() > MAX_TASKS) {
				throw new InvalidFieldException("ids", "at most " + MAX_TASKS + " ids");
			}
			for (String id : ids) {
				if (env.tasks().find(id).isEmpty()) {
					throw new InvalidFieldException("ids", "unknown task id '" + id + "' in " + name);
				}
			}
			selected = ids;
		}
		else if (count != null) {
			long size = env.tasks().size();
			if (size >= 0 && count > size) {
				throw new InvalidFieldException("count", name + " has only " + size + " tasks");
			}
			selected = env.tasks().sample(count, seed).stream().map(Task::id).toList();
		}
		else {
			throw new InvalidFieldException("count", "give either count or ids");
		}
		return new TaskSelection(env.descriptor().reference(), selected);
	}

	private Environment environment(String name) {
		return catalog.find(name).orElseThrow(() -> new NotFoundException("no environment named '" + name + "'"));
	}

	record TaskSelection(String environment, List<String> taskIds) {
	}

	record EnvironmentView(String name, String version, String reference, String domain, String description,
			double minReward, double maxReward, boolean deterministic, long taskCount, List<String> tools) {

		static EnvironmentView of(Environment env) {
			EnvironmentDescriptor d = env.descriptor();
			return new EnvironmentView(d.name(), d.version(), d.reference(), d.domain().name(), d.description(),
					d.minReward(), d.maxReward(), d.deterministic(), env.tasks().size(),
					d.tools().stream().map(t -> t.name()).toList());
		}

	}

}
