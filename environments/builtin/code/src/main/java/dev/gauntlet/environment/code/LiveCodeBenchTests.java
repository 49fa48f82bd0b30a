package dev.gauntlet.environment.code;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import tools.jackson.databind.JsonNode;

/**
 * Decodes LiveCodeBench's compressed tests: base64, then zlib, then either JSON or a Python pickle. The pickle is
 * read by a tiny interpreter that understands only strings, dicts, lists and None (the opcodes these files use)
 * and rejects everything else, so a hostile row cannot make us construct arbitrary objects, as unpickling would.
 */
final class LiveCodeBenchTests {

	private static final int MAX_INFLATED = 256 << 20;

	private LiveCodeBenchTests() {
	}

	/** The {@code {"inputs": [...], "outputs": [...], "fn_name": ...}} object. */
	static JsonNode decode(String field) {
		byte[] raw = inflate(TaskFormats.base64(field.strip()));
		Object value = raw.length > 0 && (raw[0] & 0xff) == 0x80 ? Pickle.read(raw)
				: new String(raw, StandardCharsets.UTF_8);
		if (value instanceof Map<?, ?> map && map.get("input_output") instanceof String json) {
			value = json;
		}
		if (!(value instanceof String json)) {
			throw new IllegalArgumentException("LiveCodeBench tests decode to neither JSON text nor {input_output}");
		}
		JsonNode node = TaskFormats.readJson(json, "LiveCodeBench tests");
		if (node.isArray()) { // the release format: [{"input", "output", "testtype"}]
			var io = TaskFormats.JSON.createObjectNode();
			var inputs = io.putArray("inputs");
			var outputs = io.putArray("outputs");
			for (JsonNode test : node) {
				inputs.add(test.path("input").asString(""));
				outputs.add(test.path("output").asString(""));
			}
			return io;
		}
		return node;
	}

	private static byte[] inflate(byte[] compressed) {
		Inflater inflater = new Inflater();
		inflater.setInput(compressed);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[1 << 16];
		try {
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new IllegalArgumentException("LiveCodeBench tests: truncated zlib data");
				}
				out.write(buffer, 0, n);
				if (out.size() > MAX_INFLATED) {
					throw new IllegalArgumentException("LiveCodeBench tests inflate beyond " + MAX_INFLATED + " bytes");
				}
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException("LiveCodeBench tests are not zlib data: " + ex.getMessage());
		}
		finally {
			inflater.end();
		}
	}

	/** The subset of pickle protocols 2–5 that encodes str, dict, list and None. */
	static final class Pickle {

		private static final Object MARK = new Object();

		static Object read(byte[] data) {
			ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
			Deque<Object> stack = new ArrayDeque<>();
			Map<Long, Object> memo = new LinkedHashMap<>();
			try {
				while (true) {
					int op = in.get() & 0xff;
					switch (op) {
						case 0x80 -> in.get(); // PROTO n
						case 0x95 -> in.getLong(); // FRAME length
						case '}' -> stack.push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
						case ']' -> stack.push(new ArrayList<Object>()); // EMPTY_LIST
						case 'N' -> stack.push(NONE); // NONE
						case '(' -> stack.push(MARK); // MARK
						case 0x94 -> memo.put((long) memo.size(), stack.peek()); // MEMOIZE
						case 'q' -> memo.put((long) (in.get() & 0xff), stack.peek()); // BINPUT
						case 'r' -> memo.put(in.getInt() & 0xffffffffL, stack.peek()); // LONG_BINPUT
						case 'h' -> stack.push(memo.get((long) (in.get() & 0xff))); // BINGET
						case 0x8c -> stack.push(string(in, in.get() & 0xff)); // SHORT_BINUNICODE
						case 'X' -> stack.push(string(in, in.getInt())); // BINUNICODE
						case 0x8d -> stack.push(string(in, Math.toIntExact(in.getLong()))); // BINUNICODE8
						case 's' -> { // SETITEM
							Object v = stack.pop();
							Object k = stack.pop();
							dict(stack.peek()).put(k, v);
						}
						case 'u' -> { // SETITEMS
							List<Object> items = popToMark(stack);
							Map<Object, Object> dict = dict(stack.peek());
							for (int i = 0; i + 1 < items.size(); i += 2) {
								dict.put(items.get(i), items.get(i + 1));
							}
						}
						case 'a' -> { // APPEND
							Object v = stack.pop();
							list(stack.peek()).add(v);
						}
						case 'e' -> { // APPENDS
							List<Object> items = popToMark(stack);
							list(stack.peek()).addAll(items);
						}
						case '.' -> { // STOP
							return stack.pop();
						}
						default -> throw new IllegalArgumentException(
								"LiveCodeBench tests: unsupported pickle opcode 0x" + Integer.toHexString(op));
					}
				}
			}
			catch (RuntimeException ex) {
				if (ex instanceof IllegalArgumentException) {
					throw ex;
				}
				throw new IllegalArgumentException("LiveCodeBench tests: malformed pickle (" + ex + ")");
			}
		}

		private static final Object NONE = new Object();

		private static String string(ByteBuffer in, int length) {
			if (length < 0 || length > in.remaining()) {
				throw new IllegalArgumentException("LiveCodeBench tests: bad string length " + length);
			}
			byte[] bytes = new byte[length];
			in.get(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}

		private static List<Object> popToMark(Deque<Object> stack) {
			List<Object> items = new ArrayList<>();
			while (stack.peek() != MARK) {
				items.add(0, stack.pop());
			}
			stack.pop();
			return items;
		}

		@SuppressWarnings("unchecked")
		private static Map<Object, Object> dict(Object top) {
			if (!(top instanceof Map<?, ?>)) {
				throw new IllegalArgumentException("LiveCodeBench tests: SETITEM on a non-dict");
			}
			return (Map<Object, Object>) top;
		}

		@SuppressWarnings("unchecked")
		private static List<Object> list(Object top) {
			if (!(top instanceof List<?>)) {
				throw new IllegalArgumentException("LiveCodeBench tests: APPEND on a non-list");
			}
			return (List<Object>) top;
		}

	}

}
