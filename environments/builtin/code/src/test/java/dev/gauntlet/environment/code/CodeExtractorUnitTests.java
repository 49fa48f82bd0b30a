package dev.gauntlet.environment.code;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodeExtractorUnitTests {

	static final LanguageRuntime PYTHON = LanguageRuntime.defaults().get("python");

	static final LanguageRuntime JAVA = LanguageRuntime.defaults().get("java");

	static Optional<String> python(String response) {
		return CodeExtractor.extract(response, PYTHON);
	}

	@Test
	void takesTheLastBlockTaggedWithTheLanguage() {
		assertThat(python("first\n```python\nx = 1\n```\nthen\n```py\nx = 2\n```\n```bash\nls\n```\n"))
			.contains("x = 2\n");
	}

	@Test
	void prefersATaggedBlockOverALaterUntaggedOne() {
		assertThat(python("```python\nx = 1\n```\n```\nsome output\n```")).contains("x = 1\n");
	}

	@Test
	void fallsBackToTheLastUntaggedBlock() {
		assertThat(python("```\nx = 1\n```\n~~~\nx = 2\n~~~")).contains("x = 2\n");
	}

	@Test
	void neverUsesABlockOfAnotherLanguage() {
		assertThat(python("```bash\npython3 -c 'print(1)'\n```")).isEmpty();
		assertThat(CodeExtractor.extract("```python\nprint(1)\n```", JAVA)).isEmpty();
	}

	@Test
	void ignoresThinking() {
		assertThat(python("<think>\n```python\nwrong = 1\n```\n</think>\n```python\nright = 1\n```"))
			.contains("right = 1\n");
		assertThat(python("```python\nwrong = 1\n```\n</think>\nno code after thinking")).isEmpty();
		assertThat(python("```python\nright = 1\n```\n<think>\n```python\ncut off = 1\n```")).contains("right = 1\n");
	}

	@Test
	void anUnclosedFenceAtTheEndIsTakenToTheEnd() {
		assertThat(python("Here:\n```python\ndef f():\n    return 1\n")).contains("def f():\n    return 1\n");
	}

	@Test
	void unfencedCodeIsTakenWholeButProseIsNoCode() {
		assertThat(python("def f(x):\n    return x\n")).contains("def f(x):\n    return x\n");
		assertThat(python("import sys\nprint(sys.stdin.read())")).isPresent();
		assertThat(python("The answer is to return x.")).isEmpty();
		assertThat(python("")).isEmpty();
	}

	@Test
	void infoStringsMayCarryAttributes() {
		assertThat(python("```Python title=\"sol.py\"\nx = 3\n```")).contains("x = 3\n");
	}

	@Test
	void windowsLineEndingsAreNormalised() {
		assertThat(python("```python\r\nx = 1\r\n```\r\n")).contains("x = 1\n");
	}

}
