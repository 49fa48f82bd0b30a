package dev.gauntlet.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

import dev.gauntlet.environment.bfcl.BfclJsonlVerification;
import dev.gauntlet.environment.code.CodeJsonlVerification;
import dev.gauntlet.verifier.math.JsonlVerification;
import picocli.CommandLine.Command;

/** {@code gauntlet verify <kind>}: run a verifier over a JSON-lines file, without the platform running. */
@Command(name = "verify", description = "Verify model responses offline, one JSON line in, one JSON line out.",
		subcommands = { VerifyCommand.MathCommand.class, VerifyCommand.CodeCommand.class,
				VerifyCommand.BfclCommand.class })
final class VerifyCommand {

	@Command(name = "math", description = "Lines {\"gold\", \"response\", \"mode\"?: latex|expr|mcq} -> "
			+ "{\"correct\", \"reward\", \"extracted\", \"error\"}.")
	static final class MathCommand extends JsonlCommand {

		@Override
		String verify(Reader in, Writer out) throws IOException {
			var summary = JsonlVerification.run(in, out);
			return "verified " + summary.lines() + " lines: " + summary.correct() + " correct, " + summary.errors()
					+ " errors";
		}

	}

	@Command(name = "code", description = "Lines {\"task\": <HumanEval|MBPP|stdin-stdout row>, \"response\"} -> "
			+ "{\"passed\", \"reward\", \"status\", \"tests\"}; runs the code in the bubblewrap sandbox.")
	static final class CodeCommand extends JsonlCommand {

		@Override
		String verify(Reader in, Writer out) throws IOException {
			var summary = CodeJsonlVerification.run(in, out);
			return "verified " + summary.lines() + " lines: " + summary.passed() + " passed, " + summary.notVerdicts()
					+ " without a verdict";
		}

	}

	@Command(name = "bfcl", description = "Lines: a BFCL question row plus \"response\" tool calls (OpenAI format) -> "
			+ "{\"verdict\", \"reason\", \"reward\", \"f1\"} under BFCL's AST rules.")
	static final class BfclCommand extends JsonlCommand {

		@Override
		String verify(Reader in, Writer out) throws IOException {
			var summary = BfclJsonlVerification.run(in, out);
			return "verified " + summary.lines() + " lines: " + summary.correct() + " correct, " + summary.invalid()
					+ " invalid, mean F1 " + String.format("%.3f", summary.meanF1());
		}

	}

}
