package dev.gauntlet.environment.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the program in a model's response. The rules, in order:
 * <ol>
 * <li>Thinking is dropped: every {@code <think>…</think>} block, everything before a stray {@code </think>}, and
 * everything after an unclosed {@code <think>} (an answer cut off while thinking has no code).</li>
 * <li>The last fenced block ({@code ```} or {@code ~~~}) whose info string names the task's language (any alias,
 * e.g. {@code python}, {@code py}, {@code python3}).</li>
 * <li>Else the last fenced block without an info string. Blocks tagged with another language are never used.</li>
 * <li>Else an unclosed fence of the language, or without info string, at the end (a response cut off mid-block):
 * the text after it.</li>
 * <li>Else, when the response has no fence at all, the whole response, but only if one of its lines starts like
 * code of the language ({@link LanguageRuntime#codeLinePattern()}); prose alone is "no code".</li>
 * </ol>
 */
public final class CodeExtractor {

	private static final Pattern THINK_BLOCK = Pattern.compile("(?s)<think>.*?</think>");

	private static final Pattern FENCE = Pattern.compile("(?m)^[ \\t]*(```+|~~~+)[ \\t]*([^\\n`]*)\\n");

	private CodeExtractor() {
	}

	/** The program, or empty when the response contains none. */
	public static Optional<String> extract(String response, LanguageRuntime language) {
		String text = withoutThinking(response.replace("\r\n", "\n"));
		List<Block> blocks = new ArrayList<>();
		Block unclosed = null;
		Matcher open = FENCE.matcher(text);
		int from = 0;
		while (from < text.length() && open.find(from)) {
			String fence = open.group(1);
			String info = open.group(2).strip();
			int bodyStart = open.end();
			Matcher close = Pattern
				.compile("(?m)^[ \\t]*" + Pattern.quote(fence.substring(0, 3)) + "+[ \\t]*$")
				.matcher(text);
			if (close.find(bodyStart)) {
				blocks.add(new Block(info, text.substring(bodyStart, close.start())));
				from = close.end();
			}
			else {
				unclosed = new Block(info, text.substring(bodyStart));
				break;
			}
		}
		Optional<String> tagged = last(blocks, b -> language.isAlias(b.language()));
		if (tagged.isPresent()) {
			return tagged;
		}
		Optional<String> untagged = last(blocks, b -> b.language().isEmpty());
		if (untagged.isPresent()) {
			return untagged;
		}
		if (unclosed != null && (unclosed.language().isEmpty() || language.isAlias(unclosed.language()))
				&& !unclosed.code().isBlank()) {
			return Optional.of(unclosed.code());
		}
		if (blocks.isEmpty() && unclosed == null && language.codeLinePattern().matcher(text).find()) {
			return Optional.of(text.strip() + "\n");
		}
		return Optional.empty();
	}

	static String withoutThinking(String text) {
		String result = THINK_BLOCK.matcher(text).replaceAll("");
		int strayClose = result.lastIndexOf("</think>");
		if (strayClose >= 0) {
			result = result.substring(strayClose + "</think>".length());
		}
		int unclosedOpen = result.indexOf("<think>");
		if (unclosedOpen >= 0) {
			result = result.substring(0, unclosedOpen);
		}
		return result;
	}

	private static Optional<String> last(List<Block> blocks, java.util.function.Predicate<Block> wanted) {
		for (int i = blocks.size() - 1; i >= 0; i--) {
			Block block = blocks.get(i);
			if (wanted.test(block) && !block.code().isBlank()) {
				return Optional.of(block.code());
			}
		}
		return Optional.empty();
	}

	private record Block(String info, String code) {

		/** The first word of the info string, lower-cased: {@code ```python title="x"} is python. */
		String language() {
			String first = info.isEmpty() ? "" : info.split("[\\s{]", 2)[0];
			return first.toLowerCase(Locale.ROOT);
		}

	}

}
