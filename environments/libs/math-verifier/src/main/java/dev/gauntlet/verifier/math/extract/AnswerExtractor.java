package dev.gauntlet.verifier.math.extract;

import dev.gauntlet.verifier.math.extract.Candidate.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the candidates for the final answer in a model response, most trusted first. The
 * verifier parses them in order and grades the first one that parses.
 *
 * <ol>
 *   <li>the last {@code \boxed{}} (merged with adjacent boxes; an unclosed one is rejected),
 *   <li>"final answer is …", then {@code Answer: …}, then GSM8K {@code #### …},
 *   <li>the last math environment ({@code $…$}, {@code \[…\]}, {@code \(…\)}, {@code $$…$$}),
 *   <li>the whole text when it is short and not prose,
 *   <li>the last number (optional).
 * </ol>
 *
 * Labels and environments are searched in the last {@value #TAIL} characters only: final
 * answers come last, and it bounds the regex work on hostile input.
 */
public final class AnswerExtractor {

  static final int TAIL = 4_000;
  private static final int WHOLE_TEXT_LIMIT = 300;

  private static final Pattern FINAL_ANSWER = Pattern.compile(
      "(?i)final\\s+answer\\s*(?:is|:)?\\s*:?\\s*([^\\n]+)");
  private static final Pattern ANSWER_LABEL = Pattern.compile("(?i)(?<![a-z])answer\\s*(?:is\\s*)?[:：]\\s*([^\\n]*)");
  private static final Pattern HASHES = Pattern.compile("####\\s*([^\\n]+)");
  private static final Pattern LAST_NUMBER = Pattern.compile(
      "(?<![\\w.])-?(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)");
  private static final Pattern I_HOPE = Pattern.compile("(?i)\\.?\\s*I hope it is correct.*$");
  private static final Pattern LETTER_RUN = Pattern.compile("(?<!\\\\)(?<![A-Za-z])[A-Za-z]{4,}");
  private static final Set<String> MATH_WORDS = Set.of(
      "percent", "degree", "degrees", "sqrt", "infinity", "inches", "miles", "hours", "minutes",
      "seconds", "meters", "dollars", "cents", "units", "feet", "pounds", "days", "weeks",
      "years", "months", "mile", "hour", "inch", "foot", "yard", "yards", "gallons", "liters",
      "pmatrix", "bmatrix", "matrix", "array", "infty", "mathrm", "textbf");

  private AnswerExtractor() {}

  /** The outcome: candidates in order, or why there are none. */
  public record Extraction(List<Candidate> candidates, @Nullable String failure) {}

  public static Extraction fromResponse(String response, boolean latex, boolean lastNumberFallback,
      boolean mathEnvironmentFallback) {
    String text = ThinkingStripper.strip(response);
    if (text == null) {
      return new Extraction(List.of(), "thinking never closed");
    }
    List<Candidate> out = new ArrayList<>();
    if (latex) {
      BoxedExtractor.Result boxed = BoxedExtractor.extract(text);
      if (boxed.unclosed()) {
        return new Extraction(List.of(), "unclosed \\boxed");
      }
      if (boxed.answer() != null) {
        out.add(new Candidate(boxed.answer(), Source.BOXED));
      }
    }
    String tail = text.length() > TAIL ? text.substring(text.length() - TAIL) : text;
    addLast(out, FINAL_ANSWER, tail, Source.FINAL_ANSWER);
    addLast(out, ANSWER_LABEL, tail, Source.ANSWER_LABEL);
    addLast(out, HASHES, tail, Source.HASHES);
    if (latex && mathEnvironmentFallback) {
      String env = lastEnvironment(tail);
      if (env != null) {
        out.add(new Candidate(env, Source.MATH_ENVIRONMENT));
      }
    }
    String trimmed = text.strip();
    if (!trimmed.isEmpty() && trimmed.length() <= WHOLE_TEXT_LIMIT && !isProse(trimmed)) {
      out.add(new Candidate(trimmed, Source.WHOLE_TEXT));
    }
    if (lastNumberFallback) {
      String number = lastMatch(LAST_NUMBER, tail, 0);
      if (number != null) {
        out.add(new Candidate(number, Source.LAST_NUMBER));
      }
    }
    return new Extraction(out, out.isEmpty() ? "no answer found" : null);
  }

  /**
   * The answer inside a gold string: its boxed answer or its math environment, or the whole
   * string ({@code $125$ miles} → {@code 125}; {@code 7425000} as is).
   */
  public static List<Candidate> fromGold(String gold) {
    List<Candidate> out = new ArrayList<>();
    BoxedExtractor.Result boxed = BoxedExtractor.extract(gold);
    if (boxed.answer() != null) {
      out.add(new Candidate(boxed.answer(), Source.BOXED));
    }
    String env = lastEnvironment(gold.length() > TAIL ? gold.substring(gold.length() - TAIL) : gold);
    if (env != null && env.length() + 4 >= stripOuterDelimiters(gold).length() / 2) {
      out.add(new Candidate(env, Source.MATH_ENVIRONMENT));
    }
    out.add(new Candidate(gold.strip(), Source.WHOLE_TEXT));
    return out;
  }

  private static String stripOuterDelimiters(String s) {
    return s.replace("$", "").strip();
  }

  private static void addLast(List<Candidate> out, Pattern pattern, String text, Source source) {
    String found = lastMatch(pattern, text, 1);
    if (found == null) {
      return;
    }
    String cleaned = cleanLabelled(found);
    if (!cleaned.isEmpty()) {
      out.add(new Candidate(cleaned, source));
    }
  }

  /** "$\frac{1}{2}$. I hope it is correct." → "\frac{1}{2}"; markdown bold removed. */
  private static String cleanLabelled(String s) {
    String t = I_HOPE.matcher(s).replaceFirst("");
    t = t.replace("**", "").replace("__", "").strip();
    String env = lastEnvironment(t);
    if (env != null && t.startsWith("$") || env != null && t.startsWith("\\(") || env != null && t.startsWith("\\[")) {
      return env.strip();
    }
    return t;
  }

  private static @Nullable String lastMatch(Pattern pattern, String text, int group) {
    Matcher m = pattern.matcher(text);
    String last = null;
    while (m.find()) {
      last = m.group(group);
    }
    return last;
  }

  /**
   * The content of the last {@code $$…$$}, {@code \[…\]}, {@code \(…\)} or {@code $…$}. A plain
   * scanner rather than a regex: Java's regex engine recurses per repetition and overflows the
   * stack on long hostile input.
   */
  static @Nullable String lastEnvironment(String text) {
    String last = null;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      String close = null;
      int open = 0;
      if (c == '$' && i + 1 < n && text.charAt(i + 1) == '$') {
        close = "$$";
        open = 2;
      } else if (c == '\\' && i + 1 < n && (text.charAt(i + 1) == '[' || text.charAt(i + 1) == '(')) {
        close = text.charAt(i + 1) == '[' ? "\\]" : "\\)";
        open = 2;
      } else if (c == '\\') {
        i += 2; // an escaped character such as \$ is never a delimiter
        continue;
      } else if (c == '$') {
        close = "$";
        open = 1;
      }
      if (close == null) {
        i++;
        continue;
      }
      int end = findClosing(text, i + open, close);
      if (end < 0) {
        i += open;
        continue;
      }
      String content = text.substring(i + open, end);
      if (!content.isBlank()) {
        last = content;
      }
      i = end + close.length();
    }
    return last == null ? null : last.strip();
  }

  private static int findClosing(String text, int from, String close) {
    for (int j = from; j < text.length(); j++) {
      char c = text.charAt(j);
      if (close.equals("$") && c == '\\') {
        j++; // skip escaped characters inside $…$
      } else if (text.startsWith(close, j)) {
        return j;
      }
    }
    return -1;
  }

  /** Long words that are not commands or units mark prose, which is not parsed whole. */
  private static boolean isProse(String text) {
    Matcher m = LETTER_RUN.matcher(text);
    int words = 0;
    while (m.find()) {
      if (!MATH_WORDS.contains(m.group().toLowerCase(java.util.Locale.ROOT))) {
        words++;
      }
    }
    return words > 0 && !(words == 1 && text.matches("[A-Za-z \\-']{1,40}"));
  }
}
