package dev.gauntlet.web;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an error message may quote of another server's reply. The reply is hostile: it may be megabytes long, or
 * carry line breaks that forge log lines, so a quote is always one short line.
 */
public final class ReplyText {

	/** Long enough for a real error message, short enough for a log line. */
	public static final int MAX_CHARS = 300;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ReplyText() {
	}

	/** The text on one line (runs of whitespace and control characters become one space), cut to {@link #MAX_CHARS}. */
	public static String excerpt(String text) {
		String flat = text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
		if (flat.length() <= MAX_CHARS) {
			return flat;
		}
		int end = Character.isHighSurrogate(flat.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
		return flat.substring(0, end) + "…";
	}

	/** The {@code detail} of a problem+json reply, or else the reply itself; excerpted either way. */
	public static String detail(String body) {
		try {
			JsonNode detail = JSON.readTree(body).path("detail");
			if (detail.isString()) {
				return excerpt(detail.asString());
			}
		}
		catch (JacksonException ex) {
			// not JSON: quote the text
		}
		return excerpt(body);
	}

}
