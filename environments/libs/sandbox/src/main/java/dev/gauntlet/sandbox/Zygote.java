package dev.gauntlet.sandbox;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running sandbox: the bwrap process whose PID 1 is zygote.py, spoken to with length-prefixed
 * JSON frames on its stdin and stdout. Every call has a Java-side deadline (a watchdog that kills
 * the whole process tree) on top of the zygote's own, so a wedged sandbox cannot wedge the caller.
 */
final class Zygote implements AutoCloseable {
	static final JsonMapper JSON = JsonMapper.builder().build();
	private static final int MAX_FRAME = 64 << 20;

	private final Process process;
	private final DataOutputStream toZygote;
	private final DataInputStream fromZygote;
	private final Path log;
	private volatile boolean killedByDeadline;

	private Zygote(Process process, Path log) {
		this.process = process;
		this.log = log;
		this.toZygote = new DataOutputStream(process.getOutputStream());
		this.fromZygote = new DataInputStream(process.getInputStream());
	}

	static Zygote start(List<String> argv, Duration startupTimeout, ScheduledExecutorService watchdog)
			throws IOException {
		Path log = Files.createTempFile("gauntlet-zygote", ".log");
		ProcessBuilder builder = new ProcessBuilder(argv);
		builder.environment().clear(); // nothing of the verifier's environment reaches the sandbox
		builder.environment().put("PATH", "/usr/bin:/bin");
		builder.redirectError(log.toFile());
		Zygote zygote = new Zygote(builder.start(), log);
		try {
			JsonNode hello = zygote.receive(startupTimeout, watchdog);
			if (!hello.path("ready").asBoolean(false)) {
				throw new IOException("sandbox did not report ready: " + hello);
			}
			return zygote;
		} catch (IOException | DeadlineException e) {
			String detail = zygote.logTail();
			zygote.close();
			throw new IOException("sandbox failed to start: " + e.getMessage()
					+ (detail.isBlank() ? "" : "; its stderr: " + detail.strip()), e);
		}
	}

	/** The Java-side deadline expired; the sandbox has been killed. */
	static final class DeadlineException extends Exception {
		DeadlineException() {
			super("sandbox deadline expired");
		}
	}

	JsonNode call(Map<String, Object> job, Duration timeout, ScheduledExecutorService watchdog)
			throws IOException, DeadlineException {
		byte[] body = JSON.writeValueAsBytes(job);
		toZygote.writeInt(body.length);
		toZygote.write(body);
		toZygote.flush();
		return receive(timeout, watchdog);
	}

	private JsonNode receive(Duration timeout, ScheduledExecutorService watchdog)
			throws IOException, DeadlineException {
		ScheduledFuture<?> kill = watchdog.schedule(() -> {
			killedByDeadline = true;
			ProcessTree.kill(process);
		}, timeout.toMillis(), TimeUnit.MILLISECONDS);
		try {
			int size = fromZygote.readInt();
			if (size < 0 || size > MAX_FRAME) {
				throw new IOException("bad frame size from sandbox: " + size);
			}
			byte[] body = new byte[size];
			fromZygote.readFully(body);
			return JSON.readTree(body);
		} catch (EOFException e) {
			if (killedByDeadline) {
				throw new DeadlineException();
			}
			throw new IOException("sandbox exited" + exitDetail(), e);
		} catch (IOException e) {
			if (killedByDeadline) {
				throw new DeadlineException();
			}
			throw e;
		} finally {
			kill.cancel(false);
		}
	}

	private String exitDetail() {
		try {
			if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
				String tail = logTail();
				return " with status " + process.exitValue() + (tail.isBlank() ? "" : ": " + tail.strip());
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return "";
	}

	private String logTail() {
		try {
			String text = Files.readString(log, StandardCharsets.UTF_8);
			return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
		} catch (IOException e) {
			return "";
		}
	}

	boolean alive() {
		return process.isAlive();
	}

	long pid() {
		return process.pid();
	}

	@Override
	public void close() {
		try {
			toZygote.close(); // the zygote exits on EOF, and with it (PID 1) the whole sandbox
		} catch (IOException ignored) {
			// already gone
		}
		try {
			if (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
				ProcessTree.kill(process);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			ProcessTree.kill(process);
		}
		try {
			Files.deleteIfExists(log);
		} catch (IOException ignored) {
			// a temp file
		}
	}

	static @Nullable String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}
}
