package dev.gauntlet.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * A service of the local stack: its name, where its runnable jar is built, and its port (DESIGN.md's contract).
 */
record ServiceSpec(String name, String module, String artifact, int port) {

	/** In start-up order: environment-service first, since the others call it. */
	static final List<ServiceSpec> ALL = List.of(
			new ServiceSpec("environment-service", "environments/service", "environment-service", 8081),
			new ServiceSpec("rollout-service", "rollout-service", "rollout-service", 8082),
			new ServiceSpec("reward-service", "reward-service", "reward-service", 8083),
			new ServiceSpec("policy-trainer", "policy-trainer", "policy-trainer", 8084),
			new ServiceSpec("admin-ui", "admin-ui", "admin-ui", 8080));

	Path jar(Path root) {
		return root.resolve(module).resolve("target").resolve(artifact + "-0.1.0-SNAPSHOT-exec.jar");
	}

	String url() {
		return "http://localhost:" + port;
	}

}
