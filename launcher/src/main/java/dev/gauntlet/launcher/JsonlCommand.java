package dev.gauntlet.launcher;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Option;

/**
 * A verify command over JSON lines: reads {@code --input}, writes one result line per input line to
 * {@code --output} (or standard output), in order. A malformed line gets an error line; the run goes on.
 */
abstract class JsonlCommand implements Callable<Integer> {

	@Option(names = "--input", required = true, description = "JSON lines to verify.")
	Path input;

	@Option(names = "--output", description = "Where to write the results (default: standard output).")
	Path output;

	@Override
	public Integer call() throws IOException {
		if (!Files.isRegularFile(input)) {
			System.err.println("no such file: " + input);
			return 2;
		}
		try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
				Writer out = output == null ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
						: Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
			String summary = verify(in, out);
			out.flush();
			System.err.println(summary);
		}
		return 0;
	}

	/** Verifies every line; returns a one-line summary for standard error. */
	abstract String verify(Reader in, Writer out) throws IOException;

}
