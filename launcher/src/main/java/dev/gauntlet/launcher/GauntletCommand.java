package dev.gauntlet.launcher;

import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gauntlet}: the root command. */
@Command(name = "gauntlet", mixinStandardHelpOptions = true, version = "gauntlet 0.1.0",
		description = "RL post-training environments, rollouts, rewards and training.",
		subcommands = { UpCommand.class, SubmitCommand.class, VerifyCommand.class, EngineCommand.class })
public final class GauntletCommand {

	@Option(names = "--root", description = "The Gauntlet checkout (default: the current directory).",
			defaultValue = ".", scope = CommandLine.ScopeType.INHERIT)
	Path root;

	public static void main(String[] args) {
		System.exit(new CommandLine(new GauntletCommand()).execute(args));
	}

}
