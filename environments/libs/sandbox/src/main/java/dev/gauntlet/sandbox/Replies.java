package dev.gauntlet.sandbox;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Turns the zygote's JSON replies into outcome records. */
final class Replies {
	private Replies() {}

	static FunctionsOutcome functions(JsonNode reply) {
		FunctionsOutcome.ProgramState state = FunctionsOutcome.ProgramState.UNKNOWN;
		String programError = null;
		String harnessError = null;
		boolean completed = false;
		List<FunctionsOutcome.TestResult> tests = new ArrayList<>();
		for (JsonNode record : reply.path("records")) {
			if (record.has("program")) {
				switch (record.path("program").asString("")) {
					case "ready" -> state = FunctionsOutcome.ProgramState.READY;
					case "compile_error" -> {
						state = FunctionsOutcome.ProgramState.COMPILE_ERROR;
						programError = Zygote.text(record.path("error"));
					}
					default -> {
						state = FunctionsOutcome.ProgramState.DIED;
						JsonNode error = record.path("error");
						programError = error.isObject()
								? error.path("type").asString("") + ": " + error.path("message").asString("")
								: "the program exited before the tests ran";
					}
				}
			} else if (record.has("test")) {
				tests.add(new FunctionsOutcome.TestResult(
						record.path("test").asInt(-1),
						record.path("ok").asBoolean(false),
						record.path("ok").asBoolean(false) ? "ok" : record.path("kind").asString("test_error"),
						Zygote.text(record.path("type")),
						Zygote.text(record.path("error"))));
			} else if (record.has("done")) {
				completed = record.path("count").asInt(-1) == tests.size();
			} else if (record.has("setup_error")) {
				harnessError = "test setup failed: " + record.path("setup_error").asString("");
			} else if (record.has("judge_error")) {
				harnessError = "judge failed: " + record.path("judge_error").asString("");
			}
		}
		JsonNode candidate = reply.path("candidate");
		return new FunctionsOutcome(state, programError, tests, completed,
				reply.path("timedOut").asBoolean(false),
				integer(candidate.path("exit")), integer(candidate.path("signal")),
				reply.path("stdout").asString(""), reply.path("stderr").asString(""),
				reply.path("outputLimit").asBoolean(false), harnessError);
	}

	static ProcessesOutcome processes(JsonNode reply) {
		List<ProcessRun> runs = new ArrayList<>();
		for (JsonNode run : reply.path("runs")) {
			JsonNode proof = run.path("proofOk");
			runs.add(new ProcessRun(
					run.path("skipped").asBoolean(false),
					Zygote.text(run.path("compileError")),
					integer(run.path("exit")),
					integer(run.path("signal")),
					run.path("timedOut").asBoolean(false),
					run.path("stdout").asString(""),
					run.path("stdoutBytes").asLong(0),
					run.path("stderr").asString(""),
					run.path("outputLimit").asBoolean(false),
					proof.isBoolean() ? proof.asBoolean() : null));
		}
		return new ProcessesOutcome(runs);
	}

	private static @Nullable Integer integer(JsonNode node) {
		return node.isNumber() ? node.asInt() : null;
	}
}
