package dev.gauntlet.trainer.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the safetensors format:
 *
 * <pre>
 *   [8 bytes: header length n, little-endian u64][n bytes: JSON header, space-padded to 8][tensor bytes, LE]
 *   header: {"__metadata__": {str: str}, "name": {"dtype": "I32", "shape": [T], "data_offsets": [begin, end]}}
 * </pre>
 *
 * Offsets are relative to the start of the tensor bytes. Only the 1-D dtypes the train batch needs are offered.
 */
public final class Safetensors {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, String> metadata = new LinkedHashMap<>();

	private final List<Entry> tensors = new ArrayList<>();

	public Safetensors metadata(String key, String value) {
		metadata.put(key, value);
		return this;
	}

	public Safetensors i32(String name, int[] values) {
		ByteBuffer b = buffer(values.length * 4L);
		for (int v : values) {
			b.putInt(v);
		}
		return add(name, "I32", values.length, b);
	}

	public Safetensors f32(String name, float[] values) {
		ByteBuffer b = buffer(values.length * 4L);
		for (float v : values) {
			b.putFloat(v);
		}
		return add(name, "F32", values.length, b);
	}

	public Safetensors u8(String name, byte[] values) {
		return add(name, "U8", values.length, ByteBuffer.wrap(values.clone()));
	}

	private Safetensors add(String name, String dtype, int length, ByteBuffer data) {
		if (tensors.stream().anyMatch(t -> t.name().equals(name)) || "__metadata__".equals(name)) {
			throw new IllegalArgumentException("duplicate or reserved tensor name: " + name);
		}
		tensors.add(new Entry(name, dtype, length, data.array()));
		return this;
	}

	private static ByteBuffer buffer(long bytes) {
		if (bytes > Integer.MAX_VALUE - 64) {
			throw new IllegalArgumentException("tensor of " + bytes + " bytes is too large");
		}
		return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
	}

	public byte[] toBytes() {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("__metadata__", metadata);
		long offset = 0;
		for (Entry t : tensors) {
			header.put(t.name(), Map.of("dtype", t.dtype(), "shape", List.of(t.length()), "data_offsets",
					List.of(offset, offset + t.data().length)));
			offset += t.data().length;
		}
		byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
		int padded = (json.length + 7) / 8 * 8;
		ByteArrayOutputStream out = new ByteArrayOutputStream((int) (8 + padded + offset));
		out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
		out.writeBytes(json);
		for (int i = json.length; i < padded; i++) {
			out.write(' ');
		}
		for (Entry t : tensors) {
			out.writeBytes(t.data());
		}
		return out.toByteArray();
	}

	private record Entry(String name, String dtype, int length, byte[] data) {
	}

}
