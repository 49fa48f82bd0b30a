package dev.gauntlet.environment.service.catalog;

import java.util.List;

import dev.gauntlet.environment.service.registry.Resolver;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.TaskSet;
import dev.gauntlet.web.InvalidFieldException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which tasks to run. The reply names the exact version ({@code name@version}) the tasks belong to, so a job
 * records it; {@code {name}} may itself be {@code name@version}.
 */
@RestController
@RequestMapping("/v1/environments")
class EnvironmentController {

	/** The most task ids one request returns. */
	static final int MAX_TASKS = 10_000;

	private final Resolver resolver;

	EnvironmentController(Resolver resolver) {
		this.resolver = resolver;
	}

	@GetMapping("/{name}/tasks")
	@Operation(summary = "Select tasks: a seeded sample of `count` tasks, or the given `ids`")
	TaskSelection tasks(@PathVariable String name, @RequestParam(required = false) @Min(1) @Max(MAX_TASKS) @Nullable Integer count,
			@RequestParam(defaultValue = "0") long seed, @RequestParam(required = false) @Nullable List<String> ids) {
		Resolver.Target target = resolver.resolve(name);
		TaskSet tasks = target.tasks();
		List<String> selected;
		if (ids != null && !ids.isEmpty()) {
			if (ids.size() > MAX_TASKS) {
				throw new InvalidFieldException("ids", "at most " + MAX_TASKS + " ids");
			}
			for (String id : ids) {
				if (tasks.find(id).isEmpty()) {
					throw new InvalidFieldException("ids", "unknown task id '" + id + "' in " + target.reference());
				}
			}
			selected = ids;
		}
		else if (count != null) {
			long size = tasks.size();
			if (size >= 0 && count > size) {
				throw new InvalidFieldException("count", target.reference() + " has only " + size + " tasks");
			}
			selected = tasks.sample(count, seed).stream().map(Task::id).toList();
		}
		else {
			throw new InvalidFieldException("count", "give either count or ids");
		}
		return new TaskSelection(target.reference(), selected);
	}

	record TaskSelection(String environment, List<String> taskIds) {
	}

}
