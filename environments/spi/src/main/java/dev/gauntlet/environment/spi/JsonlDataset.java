package dev.gauntlet.environment.spi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON-lines dataset shipped on the classpath. Dataset rows are outside input: a row that is not a JSON
 * object is reported with its line number rather than silently skipped.
 */
public final class JsonlDataset {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private JsonlDataset() {
	}

	/**
	 * Reads every row of a classpath resource and maps it to a task.
	 * @param toTask turns (zero-based row index, row) into a task
	 */
	public static List<Task> read(Class<?> owner, String resource, BiFunction<Integer, Map<String, Object>, Task> toTask) {
		try (InputStream in = owner.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("dataset resource not found: " + resource);
			}
			return read(in, resource, toTask);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static List<Task> read(InputStream in, String name, BiFunction<Integer, Map<String, Object>, Task> toTask)
			throws IOException {
		List<Task> tasks = new ArrayList<>();
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		String line;
		int lineNumber = 0;
		while ((line = reader.readLine()) != null) {
			lineNumber++;
			if (line.isBlank()) {
				continue;
			}
			try {
				Map<String, Object> row = MAPPER.readValue(line, Map.class);
				tasks.add(toTask.apply(tasks.size(), row));
			}
			catch (JacksonException | IllegalArgumentException | ClassCastException ex) {
				throw new IllegalStateException(name + " line " + lineNumber + ": " + ex.getMessage(), ex);
			}
		}
		return tasks;
	}

}
