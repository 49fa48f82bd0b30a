package dev.gauntlet.trainer.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An independent safetensors parser for tests (written from the format, not from {@link Safetensors}), with the
 * engine's checks: header length bounds, JSON header, dtype, shape and offsets inside the buffer.
 */
public final class SafetensorsReader {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, Integer> SIZES = Map.of("U8", 1, "I32", 4, "F32", 4, "I64", 8, "F64", 8,
			"BOOL", 1);

	public record Tensor(String dtype, long[] shape, ByteBuffer data) {

		public int[] i32() {
			int[] out = new int[data.remaining() / 4];
			for (int i = 0; i < out.length; i++) {
				out[i] = data.getInt(data.position() + 4 * i);
			}
			return out;
		}

		public float[] f32() {
			float[] out = new float[data.remaining() / 4];
			for (int i = 0; i < out.length; i++) {
				out[i] = data.getFloat(data.position() + 4 * i);
			}
			return out;
		}

		public byte[] u8() {
			byte[] out = new byte[data.remaining()];
			data.duplicate().get(out);
			return out;
		}

	}

	public record Parsed(Map<String, String> metadata, Map<String, Tensor> tensors) {
	}

	public static Parsed parse(byte[] body) {
		if (body.length < 8) {
			throw new IllegalArgumentException("body shorter than the 8-byte header length");
		}
		long n = ByteBuffer.wrap(body, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		if (n < 2 || n > (1 << 20) || 8 + n > body.length) {
			throw new IllegalArgumentException("header length " + n + " is out of bounds");
		}
		JsonNode header = JSON.readTree(new String(body, 8, (int) n, StandardCharsets.UTF_8));
		if (!header.isObject()) {
			throw new IllegalArgumentException("header is not a JSON object");
		}
		int base = 8 + (int) n;
		Map<String, String> meta = new LinkedHashMap<>();
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		for (var e : header.properties()) {
			if (e.getKey().equals("__metadata__")) {
				e.getValue().properties().forEach(m -> {
					if (!m.getValue().isString()) {
						throw new IllegalArgumentException("metadata values must be strings");
					}
					meta.put(m.getKey(), m.getValue().asString());
				});
				continue;
			}
			JsonNode t = e.getValue();
			String dtype = t.path("dtype").asString("");
			Integer size = SIZES.get(dtype);
			if (size == null) {
				throw new IllegalArgumentException(e.getKey() + ": unsupported dtype " + dtype);
			}
			long count = 1;
			long[] shape = new long[t.path("shape").size()];
			for (int i = 0; i < shape.length; i++) {
				shape[i] = t.path("shape").get(i).asLong(-1);
				if (shape[i] < 0) {
					throw new IllegalArgumentException(e.getKey() + ": bad shape");
				}
				count *= shape[i];
			}
			long begin = t.path("data_offsets").path(0).asLong(-1);
			long end = t.path("data_offsets").path(1).asLong(-1);
			if (begin < 0 || end < begin || base + end > body.length || end - begin != count * size) {
				throw new IllegalArgumentException(e.getKey() + ": data_offsets [" + begin + ", " + end
						+ "] do not hold " + count + " x " + size + " bytes");
			}
			ByteBuffer data = ByteBuffer.wrap(body, base + (int) begin, (int) (end - begin))
				.slice()
				.order(ByteOrder.LITTLE_ENDIAN);
			tensors.put(e.getKey(), new Tensor(dtype, shape, data));
		}
		return new Parsed(meta, tensors);
	}

}
