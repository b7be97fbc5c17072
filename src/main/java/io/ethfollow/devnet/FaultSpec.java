package io.ethfollow.devnet;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The faults one producer shows its peers, from {@code --fault}: a comma-separated list of
 * {@code name:value} items, each at most once, e.g. {@code lag:2000,empty:0.1,slow:300}. Rates are
 * probabilities per request in [0, 1]; times are milliseconds; blocks are a count. Immutable.
 *
 * @param lagMillis the producer sees each new block this much later than the others (its head lags)
 * @param staleBlocks the producer's head stays this many blocks below the network's
 * @param emptyRate share of requests answered with an empty list
 * @param timeoutRate share of requests never answered
 * @param slowMillis every answer is sent this much later
 * @param invalidRate share of bodies and receipts answers altered so they no longer match their
 *     headers (header answers are left intact)
 * @param disconnectRate share of requests answered by dropping the session
 */
public record FaultSpec(
    long lagMillis,
    long staleBlocks,
    double emptyRate,
    double timeoutRate,
    long slowMillis,
    double invalidRate,
    double disconnectRate) {
  public static final FaultSpec NONE = new FaultSpec(0, 0, 0, 0, 0, 0, 0);

  /** True when any request-level fault is on (lag and stale act on the head, not on requests). */
  public boolean affectsRequests() {
    return emptyRate > 0 || timeoutRate > 0 || slowMillis > 0 || invalidRate > 0 || disconnectRate > 0;
  }

  /**
   * Parses a fault list; blank means none.
   *
   * @throws IllegalArgumentException with a one-line reason naming the bad item
   */
  public static FaultSpec parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    long lag = 0;
    long stale = 0;
    double empty = 0;
    double timeout = 0;
    long slow = 0;
    double invalid = 0;
    double disconnect = 0;
    Set<String> seen = new HashSet<>();
    for (String raw : text.split(",")) {
      String item = raw.strip();
      int colon = item.indexOf(':');
      if (colon <= 0 || colon == item.length() - 1) {
        throw new IllegalArgumentException("fault '" + item + "' must be NAME:VALUE (e.g. empty:0.1)");
      }
      String name = item.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = item.substring(colon + 1);
      if (!seen.add(name)) {
        throw new IllegalArgumentException("fault '" + name + "' is given twice");
      }
      switch (name) {
        case "lag" -> lag = count(name, value);
        case "stale" -> stale = count(name, value);
        case "slow" -> slow = count(name, value);
        case "empty" -> empty = rate(name, value);
        case "timeout" -> timeout = rate(name, value);
        case "invalid" -> invalid = rate(name, value);
        case "disconnect" -> disconnect = rate(name, value);
        default -> throw new IllegalArgumentException("unknown fault '" + name
            + "' (known: lag:MS, stale:BLOCKS, empty:RATE, timeout:RATE, slow:MS, invalid:RATE, disconnect:RATE)");
      }
    }
    return new FaultSpec(lag, stale, empty, timeout, slow, invalid, disconnect);
  }

  private static long count(String name, String value) {
    try {
      long v = Long.parseLong(value.strip());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fault " + name + " needs a whole number >= 0, got '" + value + "'");
    }
  }

  private static double rate(String name, String value) {
    try {
      double v = Double.parseDouble(value.strip());
      if (!(v >= 0 && v <= 1)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fault " + name + " needs a rate between 0 and 1, got '" + value + "'");
    }
  }
}
