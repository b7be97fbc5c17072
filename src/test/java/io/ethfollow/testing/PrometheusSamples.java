package io.ethfollow.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict-enough reader of Prometheus text format 0.0.4 for tests: every line is blank, a comment
 * ({@code # HELP} / {@code # TYPE} / other {@code #}), or a sample {@code name{labels} value}. Keys of
 * the result are {@code name{labels}} exactly as written; a malformed line fails the parse.
 */
public final class PrometheusSamples {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\""
              + "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\")*)?\\})?) "
              + "(-?[0-9.eE+-]+|NaN|[+-]Inf)");
  private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*|#.*");

  private PrometheusSamples() {}

  /** Samples by {@code name{labels}}; throws IllegalArgumentException on the first malformed line. */
  public static Map<String, Double> parse(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() || COMMENT.matcher(line).matches()) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a Prometheus sample line: " + line);
      }
      out.put(m.group(1), Double.parseDouble(m.group(2).replace("Inf", "Infinity")));
    }
    return out;
  }
}
