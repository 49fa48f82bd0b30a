package dev.gauntlet.environment.code;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The dataset files shipped beside this class (see DATASETS.md there). */
public final class CodeDatasets {

	public static final String HUMANEVAL_PYTHON = "humaneval-python.jsonl";

	public static final String HUMANEVAL_JAVA = "humaneval-java.jsonl";

	public static final String MBPP = "mbpp-sample.jsonl";

	public static final String CODE_CONTESTS = "code-contests-sample.jsonl";

	public static final String LIVECODEBENCH = "livecodebench-sample.jsonl";

	private CodeDatasets() {
	}

	/** Every row of a shipped dataset, in file order. */
	public static List<JsonNode> rows(String resource) {
		try (InputStream in = CodeDatasets.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("dataset resource not found: " + resource);
			}
			List<JsonNode> rows = new ArrayList<>();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				try {
					rows.add(TaskFormats.JSON.readTree(line));
				}
				catch (JacksonException ex) {
					throw new IllegalStateException(resource + " line " + number + ": " + ex.getOriginalMessage(), ex);
				}
			}
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
