package dev.gauntlet.environment.code;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.gauntlet.sandbox.ResourceLimits;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a language is recognised in a response and run in the sandbox. Runtimes are configuration
 * ({@code runtimes.json} beside this class, or a file of the same shape), not code: adding a language that runs
 * as a command line needs no Java change.
 *
 * @param name the task language this runtime serves
 * @param aliases fence info strings that mean this language
 * @param codeLinePattern a line that starts like code; the unfenced fallback of {@link CodeExtractor} needs one
 * @param kind {@link Kind#PYTHON} runs in the zygote without exec; {@link Kind#EXEC} execs {@code command}
 * @param command for EXEC: the command line, with {@code {java.home}} and {@code {classpath}} placeholders
 * @param sourceFile for EXEC: the file name the program is written to in the work directory
 * @param limits rlimits of one run
 * @param perRunWallTime deadline of one run
 */
public record LanguageRuntime(String name, List<String> aliases, Pattern codeLinePattern, Kind kind,
		List<String> command, @Nullable String sourceFile, ResourceLimits limits, Duration perRunWallTime) {

	public enum Kind {

		PYTHON, EXEC

	}

	public LanguageRuntime {
		aliases = List.copyOf(aliases);
		command = List.copyOf(command);
		if (kind == Kind.EXEC && (command.isEmpty() || sourceFile == null)) {
			throw new IllegalArgumentException("runtime " + name + " runs a command but has no command or source file");
		}
	}

	public LanguageRuntime withPerRunWallTime(Duration wall) {
		return new LanguageRuntime(name, aliases, codeLinePattern, kind, command, sourceFile, limits, wall);
	}

	public boolean isAlias(String info) {
		return aliases.contains(info.toLowerCase(Locale.ROOT));
	}

	/** The command with its placeholders replaced. */
	public List<String> command(Map<String, String> placeholders) {
		List<String> argv = new ArrayList<>();
		for (String part : command) {
			String value = part;
			for (Map.Entry<String, String> entry : placeholders.entrySet()) {
				value = value.replace("{" + entry.getKey() + "}", entry.getValue());
			}
			argv.add(value);
		}
		return argv;
	}

	/** The runtimes shipped with Gauntlet: python and java. */
	public static Map<String, LanguageRuntime> defaults() {
		try (InputStream in = LanguageRuntime.class.getResourceAsStream("runtimes.json")) {
			if (in == null) {
				throw new IllegalStateException("runtimes.json is missing from the code environment jar");
			}
			return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads runtimes from JSON: an object of name → runtime. */
	public static Map<String, LanguageRuntime> parse(String json) {
		JsonNode root = JsonMapper.builder().build().readTree(json);
		Map<String, LanguageRuntime> runtimes = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : root.properties()) {
			JsonNode r = entry.getValue();
			JsonNode l = r.path("limits");
			runtimes.put(entry.getKey(), new LanguageRuntime(entry.getKey(), strings(r.path("aliases")),
					Pattern.compile(r.path("codeLine").asString("$^")),
					Kind.valueOf(r.path("kind").asString("python").toUpperCase(Locale.ROOT)), strings(r.path("command")),
					r.path("sourceFile").isString() ? r.path("sourceFile").stringValue() : null,
					new ResourceLimits(l.path("cpuSeconds").asInt(10), l.path("addressSpaceBytes").asLong(1L << 30),
							l.path("maxProcesses").asInt(64), l.path("maxFileBytes").asLong(16L << 20),
							l.path("maxOpenFiles").asInt(64)),
					Duration.ofMillis(r.path("perRunWallMillis").asLong(10_000))));
		}
		return runtimes;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(node -> values.add(node.asString("")));
		return values;
	}

}
