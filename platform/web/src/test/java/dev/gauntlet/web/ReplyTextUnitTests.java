package dev.gauntlet.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyTextUnitTests {

	@Test
	void aShortReplyIsQuotedOnOneLine() {
		assertThat(ReplyText.excerpt("  bad\r\nINFO forged log line\ttoo \u0000 ")).isEqualTo("bad INFO forged log line too");
	}

	@Test
	void aLongReplyIsCutWithAnEllipsis() {
		String quoted = ReplyText.excerpt("x".repeat(10_000));
		assertThat(quoted).hasSize(ReplyText.MAX_CHARS + 1).endsWith("x…");
	}

	@Test
	void theCutNeverSplitsASurrogatePair() {
		String emoji = "\uD83D\uDE00"; // one code point, two chars
		String quoted = ReplyText.excerpt("a".repeat(ReplyText.MAX_CHARS - 1) + emoji + "tail");
		assertThat(quoted).isEqualTo("a".repeat(ReplyText.MAX_CHARS - 1) + "…");
		assertThat(quoted.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
	}

	@Test
	void aProblemReplyIsQuotedByItsDetail() {
		assertThat(ReplyText.detail("{\"title\": \"Bad Request\", \"detail\": \"field 'x' is\\nmissing\"}"))
			.isEqualTo("field 'x' is missing");
	}

	@Test
	void anyOtherReplyIsQuotedAsText() {
		assertThat(ReplyText.detail("{\"detail\": 42}")).isEqualTo("{\"detail\": 42}");
		assertThat(ReplyText.detail("<html>\n502 Bad Gateway</html>")).isEqualTo("<html> 502 Bad Gateway</html>");
	}

}
