package io.ethfollow.app;

import java.time.Duration;

/** Parses human durations on the command line: 500ms, 10s, 2m, 1h (a bare number means seconds). */
final class DurationArg {
  private DurationArg() {}

  static Duration parse(String flag, String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return check(flag, text, Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))));
      }
      if (t.endsWith("s")) {
        return check(flag, text, Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1))));
      }
      if (t.endsWith("m")) {
        return check(flag, text, Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1))));
      }
      if (t.endsWith("h")) {
        return check(flag, text, Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1))));
      }
      return check(flag, text, Duration.ofSeconds(Long.parseLong(t)));
    } catch (NumberFormatException e) {
      throw new CliException(flag + ": not a duration (like 500ms, 10s, 2m): '" + text + "'");
    }
  }

  private static Duration check(String flag, String text, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new CliException(flag + ": must be positive, got '" + text + "'");
    }
    return d;
  }
}
