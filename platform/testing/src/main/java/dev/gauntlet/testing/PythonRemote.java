package dev.gauntlet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example remote environment (examples/remote-env-python/server.py) as a child process on loopback, on a free
 * port. {@link #close()} stops exactly this process.
 */
public final class PythonRemote implements AutoCloseable {

	private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

	private final Process process;

	private final String url;

	private PythonRemote(Process process, String url) {
		this.process = process;
		this.url = url;
	}

	public static Path script() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("examples/remote-env-python/server.py"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("examples/remote-env-python/server.py not found above the working directory");
		}
		return dir.resolve("examples/remote-env-python/server.py");
	}

	public static PythonRemote start(String... flags) {
		List<String> command = new ArrayList<>(List.of("python3", script().toString(), "--host", "127.0.0.1",
				"--port", "0", "--exit-with-stdin"));
		command.addAll(List.of(flags));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
					StandardCharsets.UTF_8));
			String line = out.readLine();
			Matcher m = LISTENING.matcher(line == null ? "" : line);
			if (!m.find()) {
				process.destroyForcibly();
				throw new IllegalStateException("the example remote did not start: " + line);
			}
			// A platform thread: a virtual one blocked reading a pipe would pin one of the few carrier threads.
			Thread.ofPlatform().daemon().name("python-remote-" + process.pid()).start(() -> {
				try {
					while (out.readLine() != null) {
						// drain, so the child never blocks on a full pipe
					}
				}
				catch (IOException ignored) {
					// the process ended
				}
			});
			return new PythonRemote(process, m.group(1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return url;
	}

	public long pid() {
		return process.pid();
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

}
