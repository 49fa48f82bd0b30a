package dev.gauntlet.environment.code;

import java.time.Duration;
import java.util.List;

import dev.gauntlet.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Every test style and every status, against the shipped datasets. */
class CodeVerifierIntegrationTests {

	static CodeVerifier verifier;

	@BeforeAll
	static void start() {
		// Two-second runs keep the timeout cases short.
		CodeSettings settings = CodeSettings.defaults();
		settings = settings.withRuntime(settings.runtimes().get("python").withPerRunWallTime(Duration.ofSeconds(2)));
		verifier = CodeVerifier.start(settings, SandboxSettings.defaults().withWorkers(2));
	}

	@AfterAll
	static void stop() {
		verifier.close();
	}

	static CodeTask task(String dataset, int index) {
		return TaskFormats.parse(CodeDatasets.rows(dataset).get(index));
	}

	static String fenced(String language, String code) {
		return "Here is my solution.\n```" + language + "\n" + code + "\n```\n";
	}

	@Test
	void everyMbppReferenceSolutionPasses() {
		for (JsonNode row : CodeDatasets.rows(CodeDatasets.MBPP)) {
			CodeVerdict verdict = verifier.verifyCode(TaskFormats.parse(row), row.path("canonical_solution").asString());
			assertThat(verdict.passed()).as(row.path("id").asString() + ": " + verdict.detail()).isTrue();
			assertThat(verdict.tests()).hasSize(row.path("test_list").size());
		}
	}

	@Test
	void mbppReportsEachAssertAndCanRewardThePassFraction() {
		CodeTask task = task(CodeDatasets.MBPP, 0); // remove_Occ: three asserts
		String halfRight = "def remove_Occ(s, ch):\n    return s[1:-1] if s[0] == s[-1] else 'x'\n";
		CodeVerdict allPass = verifier.verifyCode(task, halfRight);
		try (CodeVerifier fraction = new CodeVerifier(poolOf(verifier),
				CodeSettings.defaults().withRewardMode(CodeSettings.RewardMode.PASS_FRACTION))) {
			CodeVerdict partial = fraction.verifyCode(task, halfRight);

			assertThat(allPass.tests()).extracting(TestVerdict::passed).containsExactly(false, true, true);
			assertThat(allPass.reward()).isZero();
			assertThat(allPass.status()).isEqualTo(CodeStatus.FAILED);
			assertThat(partial.reward()).isEqualTo(2.0 / 3);
		}
	}

	@Test
	void liveCodeBenchShippedSolutionsAreExitZeroHacksAndAllFail() {
		for (JsonNode row : CodeDatasets.rows(CodeDatasets.LIVECODEBENCH)) {
			assertThat(row.path("canonical_solution").asString()).isEqualTo("import sys; sys.exit(0)");
			CodeVerdict verdict = verifier.verifyCode(TaskFormats.parse(row), row.path("canonical_solution").asString());
			assertThat(verdict.passed()).isFalse();
			assertThat(verdict.reward()).isZero();
		}
	}

	@Test
	void liveCodeBenchCorrectSolutionsPassInBothStyles() {
		String cards = """
				t = int(input())
				for _ in range(t):
				    s = input().strip()
				    print('YES' if sum(a != b for a, b in zip(s, 'abc')) in (0, 2) else 'NO')
				""";
		String seniors = """
				class Solution:
				    def countSeniors(self, details: List[str]) -> int:
				        return sum(int(d[11:13]) > 60 for d in details)
				""";
		String winner = """
				n = int(input())
				s = input().strip()
				t, a = s.count('T'), s.count('A')
				print('T' if t > a else 'A' if a > t else ('A' if s[-1] == 'T' else 'T'))
				""";
		List<String> solutions = List.of(cards, seniors, winner);
		for (int i = 0; i < 3; i++) {
			CodeTask task = task(CodeDatasets.LIVECODEBENCH, i);
			CodeVerdict verdict = verifier.verify(task, fenced("python", solutions.get(i)));
			assertThat(verdict.passed()).as(task.id() + ": " + verdict.detail()).isTrue();
		}
		assertThat(task(CodeDatasets.LIVECODEBENCH, 1)).isInstanceOf(CodeTask.CallBased.class);
	}

	@Test
	void codeContestsStdinStdoutSolutionIsComparedLineByLine() {
		CodeTask task = task(CodeDatasets.CODE_CONTESTS, 17); // 12_B. Correct Solution?
		String right = """
				n = input().strip()
				m = input().strip()
				if n == '0':
				    best = '0'
				else:
				    d = sorted(n)
				    i = next(k for k, c in enumerate(d) if c != '0')
				    best = d[i] + ''.join(d[:i] + d[i + 1:])
				print('OK' if m == best else 'WRONG_ANSWER')
				""";
		CodeVerdict verdict = verifier.verify(task, fenced("python", right));
		CodeVerdict wrong = verifier.verify(task, fenced("python", "input()\ninput()\nprint('OK')\n"));

		assertThat(verdict.passed()).as(verdict.detail()).isTrue();
		assertThat(verdict.tests()).hasSize(task.testCount());
		assertThat(wrong.passed()).isFalse();
		assertThat(wrong.status()).isEqualTo(CodeStatus.FAILED);
		assertThat(wrong.tests().stream().filter(TestVerdict::passed)).isNotEmpty();
	}

	@Test
	void stdioTasksRunInJavaToo() {
		JsonNode row = TaskFormats.JSON.readTree("""
				{"id": 2, "content": "print the sum", "language": "java",
				 "test": "[{\\"input\\":{\\"stdin\\":\\"2 3\\\\n\\"},\\"output\\":{\\"stdout\\":\\"5\\\\n\\"}},{\\"input\\":{\\"stdin\\":\\"40 2\\"},\\"output\\":{\\"stdout\\":\\"42\\"}}]"}
				""");
		CodeTask task = TaskFormats.parse(row);
		String sum = """
				import java.util.*;
				public class Main {
				    public static void main(String[] args) {
				        Scanner in = new Scanner(System.in);
				        System.out.println(in.nextLong() + in.nextLong());
				    }
				}
				""";

		assertThat(task.language()).isEqualTo("java");
		CodeVerdict verdict = verifier.verify(task, fenced("java", sum));
		assertThat(verdict.passed()).as(verdict.detail()).isTrue();
		assertThat(verdict.tests()).hasSize(2);
		assertThat(verifier.verify(task, fenced("java", sum.replace("+", "-"))).status()).isEqualTo(CodeStatus.FAILED);
	}

	@Test
	void aTaskCheckerIsTheSpecialJudge() {
		JsonNode row = TaskFormats.JSON.readTree("""
				{"id": 1, "content": "print any two numbers summing to n",
				 "test": "[{\\"input\\":{\\"stdin\\":\\"5\\\\n\\"},\\"output\\":{\\"stdout\\":\\"2 3\\\\n\\"}}]",
				 "checker": "def check(i, o, e):\\n    a, b = map(int, o.split())\\n    return a + b == int(i)\\n"}
				""");
		CodeTask task = TaskFormats.parse(row);

		assertThat(verifier.verify(task, fenced("python", "n = int(input())\nprint(1, n - 1)")).passed()).isTrue();
		assertThat(verifier.verify(task, fenced("python", "n = int(input())\nprint(1, n)")).passed()).isFalse();
	}

	@Test
	void aRegisteredJavaJudgeReplacesTheComparison() {
		CodeTask task = task(CodeDatasets.CODE_CONTESTS, 17);
		try (CodeVerifier judged = new CodeVerifier(poolOf(verifier), CodeSettings.defaults())) {
			judged.registerJudge(task.id(), (input, expected, actual) -> actual.strip().equalsIgnoreCase(expected.strip()));
			String lowercase = "n = input()\nm = input()\nprint('wrong_answer' if n != m else 'ok')\n";
			assertThat(judged.verify(task, fenced("python", lowercase)).tests().stream().filter(TestVerdict::passed))
				.isNotEmpty();
		}
	}

	@Test
	void statusesNameWhyAProgramFailed() {
		CodeTask mbpp = task(CodeDatasets.MBPP, 0);
		assertThat(verifier.verify(mbpp, "I cannot solve this.").status()).isEqualTo(CodeStatus.NO_CODE);
		assertThat(verifier.verify(mbpp, fenced("python", "def remove_Occ(s, ch)\n  return s")).status())
			.isEqualTo(CodeStatus.COMPILE_ERROR);
		assertThat(verifier.verify(mbpp, fenced("python", "def remove_Occ(s, ch):\n    return 1 / 0")).status())
			.isEqualTo(CodeStatus.RUNTIME_ERROR);
		assertThat(verifier.verify(mbpp, fenced("python", "def remove_Occ(s, ch):\n    return ' ' * (8 << 30)"))
			.status()).isEqualTo(CodeStatus.MEMORY);
		assertThat(verifier.verify(mbpp, fenced("python", "import sys\nsys.exit(0)\ndef remove_Occ(s, ch):\n    return s"))
			.status()).isEqualTo(CodeStatus.RUNTIME_ERROR);
		CodeTask stdio = task(CodeDatasets.CODE_CONTESTS, 17);
		assertThat(verifier.verify(stdio, fenced("python", "while True:\n    print('x' * 100000)")).status())
			.isEqualTo(CodeStatus.OUTPUT_LIMIT);
		CodeVerdict loop = verifier.verify(stdio, fenced("python", "x = 'x'\nwhile True:\n    x = x[:1000] * 2"));
		assertThat(loop.status()).isEqualTo(CodeStatus.TIMEOUT);
		assertThat(loop.tests().get(1).detail()).contains("not run");
	}

	@Test
	void humanEvalJavaAnswersRunWithTheirAssertsAndAProofOfCompletion() {
		for (int i = 0; i < 3; i++) {
			JsonNode row = CodeDatasets.rows(CodeDatasets.HUMANEVAL_JAVA).get(i);
			CodeVerdict verdict = verifier.verify(TaskFormats.parse(row), row.path("gpt_solution").asString());
			assertThat(verdict.passed()).as(row.path("name").asString() + ": " + verdict.detail()).isTrue();
		}
		CodeTask first = task(CodeDatasets.HUMANEVAL_JAVA, 0);
		String exitEarly = "        System.exit(0);\n        return true;\n";
		String wrong = "        return true;\n";
		assertThat(verifier.verifyCode(first, exitEarly).status()).isEqualTo(CodeStatus.RUNTIME_ERROR);
		assertThat(verifier.verifyCode(first, wrong).status()).isEqualTo(CodeStatus.FAILED);
		assertThat(verifier.verifyCode(first, "        return true\n").status()).isEqualTo(CodeStatus.COMPILE_ERROR);
	}

	private static dev.gauntlet.sandbox.SandboxPool poolOf(CodeVerifier verifier) {
		return verifier.pool();
	}

}
