package dev.gauntlet.contracts;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes events to JSON bytes and decodes them back, validating on the way in. The one place where the wire
 * format of events is defined.
 */
public final class EventCodec {

	/** Records larger than this are refused before parsing: a hostile producer must not exhaust the heap. */
	public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private EventCodec() {
	}

	public static byte[] encode(GauntletEvent event) {
		return MAPPER.writeValueAsBytes(event);
	}

	public static <T extends GauntletEvent> T decode(byte[] bytes, Class<T> type) {
		if (bytes == null || bytes.length == 0) {
			throw new MalformedEventException("empty record value");
		}
		if (bytes.length > MAX_RECORD_BYTES) {
			throw new MalformedEventException("record of " + bytes.length + " bytes exceeds the limit of "
					+ MAX_RECORD_BYTES);
		}
		try {
			T event = MAPPER.readValue(bytes, type);
			if (event == null) {
				throw new MalformedEventException("record value is JSON null");
			}
			return event;
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("cannot decode " + type.getSimpleName() + ": " + reason(ex), ex);
		}
	}

	public static <T extends GauntletEvent> T decode(String json, Class<T> type) {
		return decode(json.getBytes(StandardCharsets.UTF_8), type);
	}

	/** The most specific message: a validation failure in a record constructor, not Jackson's wrapper. */
	private static String reason(JacksonException ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (root instanceof IllegalArgumentException) {
			return root.getMessage();
		}
		return ex.getOriginalMessage();
	}

}
