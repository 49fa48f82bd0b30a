package dev.gauntlet.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * ports, the environment variables each service reads, topic names, health checks and dependencies.
 */
class DockerComposeContractTests {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Pattern VARIABLE = Pattern.compile("\\$\\{(GAUNTLET_[A-Z_]+)(?::[^}]*)?}");

	@SuppressWarnings("unchecked")
	static Map<String, Object> compose() throws IOException {
		return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> service(String name) throws IOException {
		Map<String, Object> services = (Map<String, Object>) compose().get("services");
		assertThat(services).as("compose services").containsKey(name);
		return (Map<String, Object>) services.get(name);
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
	@SuppressWarnings("unchecked")
	void everyServiceGetsExactlyTheVariablesItsSettingsRead() throws IOException {
		for (ServiceSpec spec : ServiceSpec.ALL) {
			String yaml = Files.readString(
					ROOT.resolve(spec.module()).resolve("src/main/resources").resolve(spec.name() + ".yml"));
			Set<String> read = new TreeSet<>();
			Matcher m = VARIABLE.matcher(yaml);
			while (m.find()) {
				read.add(m.group(1));
			}
			Map<String, Object> environment = (Map<String, Object>) service(spec.name()).get("environment");
			assertThat(new TreeSet<>(environment.keySet())).as(spec.name() + " environment").isEqualTo(read);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void serviceUrlsPointAtComposeServicesOnTheirPorts() throws IOException {
		for (ServiceSpec spec : ServiceSpec.ALL) {
			Map<String, Object> environment = (Map<String, Object>) service(spec.name()).get("environment");
			Object envUrl = environment.get("GAUNTLET_ENVIRONMENT_SERVICE_URL");
			if (envUrl != null) {
				assertThat(envUrl).isEqualTo("http://environment-service:8081");
			}
			Object kafka = environment.get("GAUNTLET_KAFKA_BOOTSTRAP");
			if (kafka != null) {
				assertThat(kafka).isEqualTo("kafka:9092");
			}
			assertThat(environment.get("GAUNTLET_DB_URL")).isEqualTo("jdbc:postgresql://postgres:5432/gauntlet");
		}
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

}
