package dev.gauntlet.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gauntlet engine}: the policy engine (Python) in the foreground: the train API for policy-trainer and the
 * OpenAI-compatible generation API ({@code http://localhost:8000/v1}) for rollout-service. Without a checkpoint it
 * serves the tiny random model with the built-in tokenizer, which runs on a CPU; with {@code --hf-checkpoint} it
 * serves that model (on the GPU when there is one). Ctrl-C stops the engine.
 */
@Command(name = "engine", description = "Run the policy engine (train API + OpenAI-compatible generation) locally.")
final class EngineCommand implements Callable<Integer> {

	@ParentCommand
	GauntletCommand parent;

	@Option(names = "--port", defaultValue = "8000", description = "Port (default: ${DEFAULT-VALUE}).")
	int port;

	@Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
	String host;

	@Option(names = "--hf-checkpoint", description = "HF-format NemotronH checkpoint directory (default: the tiny "
			+ "random debug model with the built-in tokenizer).")
	Path checkpoint;

	@Option(names = "--python", defaultValue = "python3", description = "Python with the engine's requirements "
			+ "(policy-trainer/engine/requirements-cpu.txt; default: ${DEFAULT-VALUE}).")
	String python;

	@Parameters(arity = "0..*", description = "Further engine options (python -m gauntlet_engine.server --help), "
			+ "after --.")
	List<String> extra = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		Path root = parent.root.toAbsolutePath().normalize();
		Path engine = root.resolve("policy-trainer/engine");
		if (!Files.isDirectory(engine.resolve("src/gauntlet_engine"))) {
			System.err.println("No engine under " + engine + ": run from the Gauntlet checkout or pass --root.");
			return 2;
		}
		Process process = new ProcessBuilder(command()).directory(engine.toFile()).inheritIO()
			.redirectInput(ProcessBuilder.Redirect.INHERIT)
			.start();
		Thread stop = new Thread(process::destroy, "engine-stop");
		Runtime.getRuntime().addShutdownHook(stop);
		System.err.println("gauntlet engine: http://" + host + ":" + port + "/v1 (OpenAI-compatible), train API on "
				+ "the same port; pid " + process.pid());
		int code = process.waitFor();
		try {
			Runtime.getRuntime().removeShutdownHook(stop);
		}
		catch (IllegalStateException ex) {
			// shutting down already
		}
		return code;
	}

	List<String> command() {
		Path root = parent.root.toAbsolutePath().normalize();
		List<String> cmd = new ArrayList<>(List.of(python, "-c",
				"import sys; sys.path.insert(0, sys.argv.pop(1)); from gauntlet_engine.server.__main__ import main; main()",
				root.resolve("policy-trainer/engine/src").toString(), "--host", host, "--port", Integer.toString(port)));
		if (checkpoint != null) {
			cmd.addAll(List.of("--hf-checkpoint", checkpoint.toAbsolutePath().toString()));
		}
		else {
			cmd.addAll(List.of("--debug-model", "--tokenizer", "builtin"));
		}
		cmd.addAll(extra);
		return cmd;
	}

}
