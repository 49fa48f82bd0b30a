package dev.gauntlet.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gauntlet.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks it against the services' own settings:
 * ports, the environment variables each service reads, where each service finds the others, topic names, Kafka's
 * volume, the GPU profile, health checks and dependencies.
 */
class DockerComposeContractTests {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Pattern LOCAL_ADDRESS = Pattern.compile("localhost:(\\d+)");

	/** The postgres image listens on PostgreSQL's standard port. */
	static final int POSTGRES_PORT = 5432;

	@SuppressWarnings("unchecked")
	static Map<String, Object> compose() throws IOException {
		return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> services() throws IOException {
		return (Map<String, Map<String, Object>>) compose().get("services");
	}

	static Map<String, Object> service(String name) throws IOException {
		assertThat(services()).as("compose services").containsKey(name);
		return services().get(name);
	}

	@SuppressWarnings("unchecked")
	static Map<String, String> environment(String service) throws IOException {
		Map<String, String> environment = new HashMap<>();
		((Map<String, Object>) service(service).getOrDefault("environment", Map.of()))
			.forEach((name, value) -> environment.put(name, String.valueOf(value)));
		return environment;
	}

	/** Which compose service answers on a port: each service on the port it publishes, PostgreSQL and Kafka on theirs. */
	@SuppressWarnings("unchecked")
	static Map<Integer, String> hostsByPort() throws IOException {
		Map<Integer, String> hosts = new HashMap<>();
		hosts.put(POSTGRES_PORT, "postgres");
		Matcher kafka = Pattern.compile("PLAINTEXT://([\\w-]+):(\\d+)")
			.matcher(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"));
		assertThat(kafka.find()).isTrue();
		hosts.put(Integer.valueOf(kafka.group(2)), kafka.group(1));
		services().forEach((name, service) -> ((List<String>) service.getOrDefault("ports", List.of()))
			.forEach(mapping -> hosts.put(Integer.valueOf(mapping.substring(mapping.lastIndexOf(':') + 1)), name)));
		return hosts;
	}

	@SuppressWarnings("unchecked")
	static List<String> profiles(Map<String, Object> service) {
		return (List<String>) service.getOrDefault("profiles", List.of());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> settings(ServiceSpec spec) throws IOException {
		return new Yaml().load(Files.readString(
				ROOT.resolve(spec.module()).resolve("src/main/resources").resolve(spec.name() + ".yml")));
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyServicePublishesItsDesignPortWhichItsSettingsUse() throws IOException {
		for (ServiceSpec spec : ServiceSpec.ALL) {
			Map<String, Object> server = (Map<String, Object>) settings(spec).get("server");
			assertThat(server.get("port")).as(spec.name() + " server.port").isEqualTo(spec.port());
			assertThat((List<String>) service(spec.name()).get("ports")).as(spec.name() + " ports")
				.containsExactly(spec.port() + ":" + spec.port());
		}
	}

	@Test
	void everyServiceGetsExactlyTheVariablesItsSettingsRead() throws IOException {
		for (ServiceSpec spec : ServiceSpec.ALL) {
			assertThat(new TreeSet<>(environment(spec.name()).keySet())).as(spec.name() + " environment")
				.isEqualTo(ServiceSettings.of(ROOT, spec).variablesRead());
		}
	}

	/**
	 * Inside a container localhost is the container itself, so every setting that defaults to {@code localhost:port}
	 * (yml or Java default) must be overridden to the compose service on that port, under a name Spring binds.
	 */
	@Test
	void everySettingThatDefaultsToLocalhostFindsTheComposeServiceOnThatPort() throws IOException {
		Map<Integer, String> hosts = hostsByPort();
		for (ServiceSpec spec : ServiceSpec.ALL) {
			ServiceSettings settings = ServiceSettings.of(ROOT, spec);
			Map<String, String> environment = environment(spec.name());
			for (ServiceSettings.LocalhostSetting setting : settings.localhostSettings()) {
				String expected = LOCAL_ADDRESS.matcher(setting.defaultValue()).replaceAll(m -> {
					int port = Integer.parseInt(m.group(1));
					assertThat(hosts).as("a compose service on port " + port + " for " + setting).containsKey(port);
					return hosts.get(port) + ":" + port;
				});
				assertThat(environment.get(setting.variable())).as(spec.name() + " " + setting).isEqualTo(expected);
				assertThat(settings.resolve(setting.property(), environment)).as(spec.name() + " binds " + setting)
					.contains(expected);
			}
		}
		ServiceSpec adminUi = ServiceSpec.ALL.stream().filter(s -> s.name().equals("admin-ui")).findFirst().orElseThrow();
		assertThat(ServiceSettings.of(ROOT, adminUi).localhostSettings())
			.as("admin-ui's service URLs are among the settings checked")
			.extracting(ServiceSettings.LocalhostSetting::property)
			.contains("gauntlet.admin.environment-service-url", "gauntlet.admin.rollout-service-url",
					"gauntlet.admin.trainer-url");
	}

	@Test
	@SuppressWarnings("unchecked")
	void kafkaKeepsItsLogInItsDataVolume() throws IOException {
		String logDirs = environment("kafka").get("KAFKA_LOG_DIRS");
		assertThat(logDirs).as("KAFKA_LOG_DIRS (the image's default is outside any volume)").isNotNull();
		assertThat((List<String>) service("kafka").get("volumes")).containsExactly("kafka-data:" + logDirs);
		assertThat((Map<String, Object>) compose().get("volumes")).containsKey("kafka-data");
	}

	/** {@code docker compose up} on a CPU-only host: GPU services sit behind a profile, and nothing else waits on them. */
	@Test
	@SuppressWarnings("unchecked")
	void theDefaultStackNeedsNoGpu() throws IOException {
		Set<String> defaults = new TreeSet<>();
		services().forEach((name, service) -> {
			if (String.valueOf(service.get("deploy")).contains("gpu")) {
				assertThat(profiles(service)).as(name + " reserves a GPU").contains("gpu");
			}
			if (profiles(service).isEmpty()) {
				defaults.add(name);
			}
		});
		for (String name : defaults) {
			Map<String, Object> dependsOn = (Map<String, Object>) service(name).getOrDefault("depends_on", Map.of());
			assertThat(defaults).as(name + " depends only on services of the default profile")
				.containsAll(dependsOn.keySet());
		}
		assertThat(defaults).contains("postgres", "kafka", "kafka-init", "environment-service", "rollout-service",
				"reward-service", "admin-ui");
		assertThat(profiles(service("engine"))).containsExactly("gpu");
	}

	@Test
	@SuppressWarnings("unchecked")
	void kafkaInitCreatesExactlyGauntletsTopics() throws IOException {
		String script = String.join("\n", (List<String>) service("kafka-init").get("command"));
		Matcher m = Pattern.compile("for topic in ([^;]+);").matcher(script);
		assertThat(m.find()).isTrue();
		assertThat(Set.of(m.group(1).trim().split("\\s+"))).isEqualTo(new HashSet<>(Topics.all()));
		assertThat((Map<String, Object>) service("kafka").get("environment"))
			.containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyServiceIsBuiltFromItsModuleWithAHealthCheckAndKnownDependencies() throws IOException {
		Set<String> names = ((Map<String, Object>) compose().get("services")).keySet();
		for (ServiceSpec spec : ServiceSpec.ALL) {
			Map<String, Object> service = service(spec.name());
			Map<String, Object> args = (Map<String, Object>) ((Map<String, Object>) service.get("build")).get("args");
			assertThat(args).containsEntry("MODULE", spec.module()).containsEntry("ARTIFACT", spec.artifact());
			assertThat(ROOT.resolve(spec.module()).resolve("pom.xml")).exists();
			Map<String, Object> health = (Map<String, Object>) service.get("healthcheck");
			assertThat(health.get("test").toString()).contains("/dev/tcp/127.0.0.1/" + spec.port())
				.contains("/actuator/health");
			assertThat(health).containsKeys("interval", "retries");
			Map<String, Object> dependsOn = (Map<String, Object>) service.get("depends_on");
			assertThat(names).containsAll(dependsOn.keySet());
			assertThat(dependsOn).containsKey("postgres");
		}
	}

	/** The code environment refuses every program without bubblewrap, so its image must carry it and may use it. */
	@Test
	@SuppressWarnings("unchecked")
	void environmentServiceCanSandboxCode() throws IOException {
		Map<String, Object> service = service("environment-service");
		Map<String, Object> args = (Map<String, Object>) ((Map<String, Object>) service.get("build")).get("args");
		assertThat(String.valueOf(args.get("APT_PACKAGES")).split(" ")).contains("bubblewrap", "python3");
		// Java tasks run as single-file sources, which needs the JDK's compiler, not a JRE
		assertThat(String.valueOf(args.get("RUNTIME_IMAGE"))).contains("-jdk");
		assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("ARG APT_PACKAGES")
			.contains("apt-get install -y --no-install-recommends ${APT_PACKAGES}")
			.contains("ARG RUNTIME_IMAGE=")
			.contains("FROM ${RUNTIME_IMAGE}");
		assertThat((List<String>) service.get("security_opt")).contains("seccomp=unconfined");
		assertThat(service).doesNotContainKeys("privileged", "cap_add");
	}

}
