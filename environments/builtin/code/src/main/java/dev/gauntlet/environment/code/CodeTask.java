package dev.gauntlet.environment.code;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A programming task in one of the supported test styles. Build one from a dataset row with {@link TaskFormats}.
 */
public sealed interface CodeTask {

	/** Stable id, e.g. {@code HumanEval/0}. */
	String id();

	/** The runtime name from {@link LanguageRuntime}: {@code python} or {@code java}. */
	String language();

	/** The problem as the policy sees it. */
	String statement();

	/** The number of tests the reward is computed over. */
	int testCount();

	/**
	 * HumanEval (Python): the tests define {@code check(candidate)}; the answer is a function body completing
	 * {@code prompt} or a whole program that defines {@code entryPoint}.
	 */
	record HumanEval(String id, String prompt, String test, String entryPoint) implements CodeTask {

		public String language() {
			return "python";
		}

		public String statement() {
			return "Complete the following Python function. Answer with the whole function in a ```python block.\n\n"
					+ "```python\n" + prompt + "```";
		}

		public int testCount() {
			return 1;
		}

	}

	/** MBPP: a list of {@code assert} statements that call the program's functions; optional setup code. */
	record Mbpp(String id, String text, List<String> asserts, String setup) implements CodeTask {

		public Mbpp {
			asserts = List.copyOf(asserts);
		}

		public String language() {
			return "python";
		}

		public String statement() {
			return text + "\nYour code should pass these tests:\n\n" + String.join("\n", asserts)
					+ "\n\nAnswer with the code in a ```python block.";
		}

		public int testCount() {
			return asserts.size();
		}

	}

	/**
	 * Standard input/output tests (CodeContests, LiveCodeBench stdin problems): the program reads the input and
	 * its output is compared line by line (see {@link OutputComparator}), or by the task's special judge.
	 *
	 * @param checker optional Python source defining {@code check(input, output, expected) -> bool}, the
	 * special judge; it runs in the sandbox too
	 * @param floatTolerance optional absolute-or-relative tolerance for numeric tokens; null compares decimals
	 * exactly
	 */
	record Stdio(String id, String language, String statement, List<Case> cases, @Nullable String checker,
			@Nullable Double floatTolerance) implements CodeTask {

		public Stdio {
			cases = List.copyOf(cases);
		}

		public int testCount() {
			return cases.size();
		}

	}

	/** One stdin/stdout test. */
	record Case(String input, String output) {
	}

	/**
	 * LiveCodeBench functional (LeetCode) problems: {@code class Solution} with method {@code functionName};
	 * each input is one JSON value per line (one per argument), each output one JSON value.
	 */
	record CallBased(String id, String statement, String functionName, List<Case> cases) implements CodeTask {

		public CallBased {
			cases = List.copyOf(cases);
		}

		public String language() {
			return "python";
		}

		public int testCount() {
			return cases.size();
		}

	}

	/**
	 * HumanEval translated to Java (MultiPL-E): {@code prompt} opens {@code class Problem} and a method;
	 * {@code tests} closes the method and holds a {@code main} with {@code assert}s.
	 */
	record HumanEvalJava(String id, String prompt, String tests) implements CodeTask {

		public String language() {
			return "java";
		}

		public String statement() {
			return "Complete the following Java method. Answer with the whole class in a ```java block.\n\n"
					+ "```java\n" + prompt + "\n```";
		}

		public int testCount() {
			return 1;
		}

	}

}
