package dev.gauntlet.environment.code;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OutputComparatorUnitTests {

	@ParameterizedTest(name = "[{index}] expected={0} actual={1} -> {2}")
	@CsvSource(delimiter = '|', value = {
			// line-wise, surrounding whitespace ignored
			"1\\n2|1\\n2\\n|true", "1\\n2|  1  \\n 2\\n\\n|true", "1\\n2|1 2|false", "1\\n2|1\\n2\\n3|false",
			// exact decimals, as LiveCodeBench: 1.0 = 1, but no tolerance
			"1.0|1|true", "0.5|.5|true", "1e3|1000|true", "1.68040|1.6804|true", "0.333333|0.3333333|false",
			// tokens: same count, in order, case-sensitive
			"YES|yes|false", "1 2 3|1  2\t3|true", "1 2 3|3 2 1|false", "abc|abd|false", "|  |true",
			"nan|nan|true", "inf|1e999|false" })
	void comparesLikeLiveCodeBench(String expected, String actual, boolean matches) {
		assertThat(OutputComparator.mismatch(unescape(expected), unescape(actual), null) == null).isEqualTo(matches);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "0.333333|0.3333333|true", "100|100.0000001|true", "1.5|1.6|false",
			"1e-9|2e-9|true" })
	void anOptionalToleranceAcceptsNearbyNumbers(String expected, String actual, boolean matches) {
		assertThat(OutputComparator.mismatch(expected, actual, 1e-6) == null).isEqualTo(matches);
	}

	private static String unescape(String text) {
		return text == null ? "" : text.replace("\\n", "\n").replace("\\t", "\t");
	}

}
