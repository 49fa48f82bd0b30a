package dev.gauntlet.environment.code;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns extracted code into the program that runs, per test style. Only trusted dataset text is added around the
 * code; nothing added here can make a wrong program pass.
 */
final class ProgramAssembly {

	/** What LiveCodeBench prepends to functional solutions (LeetCode starters use List, Optional, ...). */
	static final String LEETCODE_IMPORTS = """
			from typing import *
			from collections import *
			from itertools import *
			from functools import *
			from heapq import *
			from bisect import *
			from math import *
			import math, re, string, collections, itertools, functools, heapq, bisect
			""";

	static final String JAVA_HARNESS = """
			class GauntletHarness {
			    public static void main(String[] args) throws Throwable {
			        byte[] secret;
			        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/self/fd/3")) {
			            secret = in.readAllBytes();
			        }
			        GauntletTests.main(args);
			        try (java.io.FileOutputStream out = new java.io.FileOutputStream("/proc/self/fd/4")) {
			            out.write(secret);
			        }
			    }
			}
			""";

	private static final Pattern JAVA_IMPORT = Pattern.compile("^\\s*(import\\s+[\\w.*\\s]+;|package\\s+[\\w.]+;)\\s*$");

	private ProgramAssembly() {
	}

	/**
	 * HumanEval: a whole program that defines the entry point is appended to the prompt (so the prompt's imports
	 * and helpers stay available, and its stub is overridden); anything else is taken as the body completing the
	 * prompt, as in the original benchmark.
	 */
	static String humanEval(CodeTask.HumanEval task, String code) {
		Pattern defines = Pattern.compile("(?m)^(async\\s+)?def\\s+" + Pattern.quote(task.entryPoint()) + "\\s*\\(");
		return defines.matcher(code).find() ? task.prompt() + "\n" + code : task.prompt() + code;
	}

	static String mbpp(CodeTask.Mbpp task, String code) {
		return task.setup().isBlank() ? code : task.setup() + "\n" + code;
	}

	static String callBased(CodeTask.CallBased task, String code) {
		return LEETCODE_IMPORTS + code + "\n\ndef __gauntlet_call(*args):\n    return Solution()." + task.functionName()
				+ "(*args)\n";
	}

	static String callBasedTest(CodeTask.Case test) {
		return "import json as __json\n" + "__args = [__json.loads(__line) for __line in " + pythonString(test.input())
				+ ".split('\\n') if __line.strip()]\n" + "__result = __gauntlet_call(*__args)\n"
				+ "if isinstance(__result, tuple):\n    __result = list(__result)\n"
				+ "assert __result == __json.loads(" + pythonString(test.output()) + "), 'wrong answer'\n";
	}

	/**
	 * HumanEval-Java: the class Problem (the whole answer, or prompt + body), the dataset's {@code main} moved into
	 * {@code class GauntletTests extends Problem} (so an answer's own {@code main} is irrelevant), and a first
	 * class that reads a secret from fd 3 before any of the program's code runs and writes it to fd 4 only after
	 * every assert passed. Imports are hoisted to the top.
	 */
	static String humanEvalJava(CodeTask.HumanEvalJava task, String code) {
		String problem = code.contains("class Problem") ? code : task.prompt() + code + "\n    }\n}\n";
		String tests = task.tests().replaceFirst("^\\s*}\\s*\\n", "");
		String body = problem + "\n\nclass GauntletTests extends Problem {\n" + tests + "\n";
		List<String> imports = new ArrayList<>();
		StringBuilder rest = new StringBuilder();
		for (String line : body.split("\n", -1)) {
			if (JAVA_IMPORT.matcher(line).matches()) {
				if (!line.strip().startsWith("package") && !imports.contains(line.strip())) {
					imports.add(line.strip());
				}
			}
			else {
				rest.append(line).append('\n');
			}
		}
		return String.join("\n", imports) + "\n\n" + JAVA_HARNESS + "\n" + rest;
	}

	/** A Python string literal: JSON string syntax is valid Python. */
	static String pythonString(String text) {
		return TaskFormats.JSON.writeValueAsString(text);
	}

}
