package dev.gauntlet.environment.code;

import java.util.Base64;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskFormatsUnitTests {

	@Test
	void recognisesEveryShippedRow() {
		assertThat(CodeDatasets.rows(CodeDatasets.HUMANEVAL_PYTHON)).allSatisfy(
				row -> assertThat(TaskFormats.parse(row)).isInstanceOf(CodeTask.HumanEval.class));
		assertThat(CodeDatasets.rows(CodeDatasets.HUMANEVAL_JAVA)).allSatisfy(
				row -> assertThat(TaskFormats.parse(row)).isInstanceOf(CodeTask.HumanEvalJava.class));
		assertThat(CodeDatasets.rows(CodeDatasets.MBPP))
			.allSatisfy(row -> assertThat(TaskFormats.parse(row)).isInstanceOf(CodeTask.Mbpp.class));
		assertThat(CodeDatasets.rows(CodeDatasets.CODE_CONTESTS))
			.allSatisfy(row -> assertThat(TaskFormats.parse(row)).isInstanceOf(CodeTask.Stdio.class));
		assertThat(CodeDatasets.rows(CodeDatasets.LIVECODEBENCH)).hasSize(3);
	}

	@Test
	void decodesLiveCodeBenchPickledTests() {
		CodeTask.Stdio cards = (CodeTask.Stdio) TaskFormats.parse(CodeDatasets.rows(CodeDatasets.LIVECODEBENCH).get(0));
		CodeTask.CallBased seniors = (CodeTask.CallBased) TaskFormats
			.parse(CodeDatasets.rows(CodeDatasets.LIVECODEBENCH).get(1));

		assertThat(cards.id()).isEqualTo("codeforces/1873_A");
		assertThat(cards.cases().get(0).input()).isEqualTo("6\nabc\nacb\nbac\nbca\ncab\ncba\n");
		assertThat(cards.cases().get(0).output()).isEqualTo("YES\nYES\nYES\nNO\nNO\nYES\n");
		assertThat(seniors.functionName()).isEqualTo("countSeniors");
		assertThat(seniors.cases().get(0).output()).isEqualTo("2");
	}

	@Test
	void alsoAcceptsLiveCodeBenchTestsCompressedAsPlainJson() {
		String json = "[{\"input\": \"1\\n\", \"output\": \"2\\n\", \"testtype\": \"stdin\"}]";
		JsonNode row = TaskFormats.JSON.readTree("{\"id\": 7, \"content\": \"double it\", \"test\": \""
				+ Base64.getEncoder().encodeToString(zlib(json.getBytes())) + "\"}");

		CodeTask.Stdio task = (CodeTask.Stdio) TaskFormats.parse(row);
		assertThat(task.cases()).containsExactly(new CodeTask.Case("1\n", "2\n"));
	}

	@Test
	void aPickleThatBuildsObjectsIsRejected() {
		// protocol 2: GLOBAL os.system, then REDUCE; what a malicious row would use to run code on unpickling
		byte[] evil = "\u0080\u0002cos\nsystem\nq\u0000X\u0002\u0000\u0000\u0000idq\u0001\u0085q\u0002Rq\u0003.".getBytes(
				java.nio.charset.StandardCharsets.ISO_8859_1);
		JsonNode row = TaskFormats.JSON.readTree(
				"{\"id\": 1, \"test\": \"" + Base64.getEncoder().encodeToString(zlib(evil)) + "\"}");

		assertThatThrownBy(() -> TaskFormats.parse(row)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unsupported pickle opcode");
	}

	@Test
	void malformedRowsAreNamedErrors() {
		assertThatThrownBy(() -> TaskFormats.parse(TaskFormats.JSON.readTree("{\"prompt\": 1}")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unrecognised task row");
		assertThatThrownBy(() -> TaskFormats.parse(TaskFormats.JSON.readTree("{\"test\": \"[1, \"}")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not valid JSON");
		assertThatThrownBy(() -> TaskFormats.parse(TaskFormats.JSON.readTree("{\"test\": \"@@@\"}")))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> TaskFormats.parse(TaskFormats.JSON.readTree("{\"test_list\": []}")))
			.hasMessageContaining("empty test_list");
	}

	private static byte[] zlib(byte[] data) {
		Deflater deflater = new Deflater();
		deflater.setInput(data);
		deflater.finish();
		byte[] buffer = new byte[data.length + 64];
		int n = deflater.deflate(buffer);
		deflater.end();
		return java.util.Arrays.copyOf(buffer, n);
	}

}
