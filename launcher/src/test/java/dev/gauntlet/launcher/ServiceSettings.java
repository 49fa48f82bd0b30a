package dev.gauntlet.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * A service's settings as Spring Boot reads them: its {@code <name>.yml}, the {@code @DefaultValue}s of its
 * {@code @ConfigurationProperties} records, and a process environment on top, bound by Spring's own binder (relaxed
 * names and placeholders included), so a test learns what the service would really see.
 */
final class ServiceSettings {

	/** {@code ${GAUNTLET_X:default}}: a setting that names its own environment variable. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(GAUNTLET_[A-Z_]+):(.*)}");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(GAUNTLET_[A-Z_]+)(?::[^}]*)?}");

	private static final Pattern PROPERTIES_PREFIX = Pattern
		.compile("@ConfigurationProperties\\((?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"\\)");

	private static final Pattern LOCALHOST_DEFAULT = Pattern
		.compile("@DefaultValue\\(\"([^\"]*localhost[^\"]*)\"\\)\\s+[\\w.<>]+\\s+(\\w+)");

	private final Path module;

	private final List<PropertySource<?>> yaml;

	private ServiceSettings(Path module, List<PropertySource<?>> yaml) {
		this.module = module;
		this.yaml = yaml;
	}

	static ServiceSettings of(Path root, ServiceSpec spec) {
		Path module = root.resolve(spec.module());
		Path file = module.resolve("src/main/resources").resolve(spec.name() + ".yml");
		try {
			return new ServiceSettings(module, new YamlPropertySourceLoader().load(spec.name(), new FileSystemResource(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Settings whose default points at localhost, which inside a container is the container itself: each with the
	 * environment variable that overrides it (the placeholder's, or else the property's relaxed name).
	 */
	List<LocalhostSetting> localhostSettings() {
		Map<String, LocalhostSetting> found = new LinkedHashMap<>();
		javaDefaults().forEach((property, value) -> found.put(property,
				new LocalhostSetting(property, relaxedName(property), value)));
		for (PropertySource<?> source : yaml) {
			EnumerablePropertySource<?> properties = (EnumerablePropertySource<?>) source;
			for (String property : properties.getPropertyNames()) {
				String raw = String.valueOf(properties.getProperty(property));
				Matcher placeholder = PLACEHOLDER.matcher(raw);
				if (placeholder.matches() && placeholder.group(2).contains("localhost")) {
					found.put(property, new LocalhostSetting(property, placeholder.group(1), placeholder.group(2)));
				}
				else if (raw.contains("localhost")) {
					found.put(property, new LocalhostSetting(property, relaxedName(property), raw));
				}
			}
		}
		return List.copyOf(found.values());
	}

	/**
	 * Every environment variable the service reads: those its placeholders name, and the relaxed names that override
	 * its localhost defaults.
	 */
	Set<String> variablesRead() {
		Set<String> read = new TreeSet<>();
		for (PropertySource<?> source : yaml) {
			EnumerablePropertySource<?> properties = (EnumerablePropertySource<?>) source;
			for (String property : properties.getPropertyNames()) {
				Matcher m = VARIABLE.matcher(String.valueOf(properties.getProperty(property)));
				while (m.find()) {
					read.add(m.group(1));
				}
			}
		}
		localhostSettings().forEach(s -> read.add(s.variable()));
		return read;
	}

	/** What the service would bind for a property when run with these environment variables. */
	Optional<String> resolve(String property, Map<String, String> environment) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new HashMap<>(environment)));
		yaml.forEach(sources::addLast);
		Binder binder = new Binder(ConfigurationPropertySources.from(sources),
				new PropertySourcesPlaceholdersResolver(sources));
		return Optional.ofNullable(binder.bind(property, String.class).orElse(null));
	}

	/**
	 * Localhost defaults written only in Java ({@code @DefaultValue} on a settings record), which a yml file need not
	 * repeat: property name to default.
	 */
	private Map<String, String> javaDefaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				Matcher prefix = PROPERTIES_PREFIX.matcher(source);
				if (prefix.find()) {
					Matcher m = LOCALHOST_DEFAULT.matcher(source);
					while (m.find()) {
						defaults.put(prefix.group(1) + "." + kebab(m.group(2)), m.group(1));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return defaults;
	}

	/** The environment variable Spring binds to a property: dots to underscores, dashes dropped, upper case. */
	static String relaxedName(String property) {
		return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	/** A setting that defaults to localhost, and the environment variable that overrides it. */
	record LocalhostSetting(String property, String variable, String defaultValue) {
	}

}
