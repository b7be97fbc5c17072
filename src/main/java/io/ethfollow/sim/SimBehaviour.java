package io.ethfollow.sim;

/**
 * How a {@link SimPeer} misbehaves. Parsed from comma-separated terms: {@code honest},
 * {@code stale:BLOCKS} (its chain is BLOCKS behind the real one and never moves),
 * {@code lag:MIN-MAX} (answer latency in ms), {@code empty:RATE} (answers nothing), {@code
 * timeout:RATE} (never answers), {@code invalid:RATE} (answers headers that do not link), {@code
 * disconnect:RATE} (drops the session instead of answering, back 10 s later), {@code
 * tip:SHARE:MAXMS} (a new block reaches this peer up to MAXMS late with probability SHARE), {@code
 * announce} (sends BlockRangeUpdate the moment a block appears, before it can serve it), {@code
 * flapping} (shorthand for {@code disconnect:0.25}: the session drops on a quarter of requests).
 */
public record SimBehaviour(
    long staleBlocks,
    long minLatencyMs,
    long maxLatencyMs,
    double emptyRate,
    double timeoutRate,
    double invalidRate,
    double disconnectRate,
    double tipShare,
    long tipMaxDelayMs,
    boolean announce) {

  /** A flapping peer drops one session in four: often enough to churn the pool, not to be useless. */
  public static final double FLAPPING_DISCONNECT_RATE = 0.25;

  public static SimBehaviour honest() {
    return new SimBehaviour(0, 30, 120, 0, 0, 0, 0, 0, 0, false);
  }

  /**
   * Parses a comma-separated behaviour; throws IllegalArgumentException naming the bad term.
   */
  public static SimBehaviour parse(String spec) {
    try {
      return parseTerms(spec);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("bad behaviour '" + spec + "' (expected e.g. honest, stale:BLOCKS, "
          + "lag:MIN-MAX, empty:RATE, timeout:RATE, invalid:RATE, disconnect:RATE, flapping)");
    }
  }

  private static SimBehaviour parseTerms(String spec) {
    SimBehaviour b = honest();
    for (String term : spec.split(",")) {
      String[] p = term.trim().split(":");
      switch (p[0]) {
        case "honest":
          break;
        case "stale":
          b = new SimBehaviour(Long.parseLong(p[1]), b.minLatencyMs, b.maxLatencyMs, b.emptyRate, b.timeoutRate,
              b.invalidRate, b.disconnectRate, b.tipShare, b.tipMaxDelayMs, b.announce);
          break;
        case "lag": {
          String[] r = p[1].split("-");
          b = new SimBehaviour(b.staleBlocks, Long.parseLong(r[0]), Long.parseLong(r[1]), b.emptyRate, b.timeoutRate,
              b.invalidRate, b.disconnectRate, b.tipShare, b.tipMaxDelayMs, b.announce);
          break;
        }
        case "empty":
          b = new SimBehaviour(b.staleBlocks, b.minLatencyMs, b.maxLatencyMs, Double.parseDouble(p[1]), b.timeoutRate,
              b.invalidRate, b.disconnectRate, b.tipShare, b.tipMaxDelayMs, b.announce);
          break;
        case "timeout":
          b = new SimBehaviour(b.staleBlocks, b.minLatencyMs, b.maxLatencyMs, b.emptyRate, Double.parseDouble(p[1]),
              b.invalidRate, b.disconnectRate, b.tipShare, b.tipMaxDelayMs, b.announce);
          break;
        case "invalid":
          b = new SimBehaviour(b.staleBlocks, b.minLatencyMs, b.maxLatencyMs, b.emptyRate, b.timeoutRate,
              Double.parseDouble(p[1]), b.disconnectRate, b.tipShare, b.tipMaxDelayMs, b.announce);
          break;
        case "disconnect":
          b = new SimBehaviour(b.staleBlocks, b.minLatencyMs, b.maxLatencyMs, b.emptyRate, b.timeoutRate,
              b.invalidRate, Double.parseDouble(p[1]), b.tipShare, b.tipMaxDelayMs, b.announce);
          break;
        case "tip":
          b = new SimBehaviour(b.staleBlocks, b.minLatencyMs, b.maxLatencyMs, b.emptyRate, b.timeoutRate,
              b.invalidRate, b.disconnectRate, Double.parseDouble(p[1]), Long.parseLong(p[2]), b.announce);
          break;
        case "flapping":
          b = new SimBehaviour(b.staleBlocks, b.minLatencyMs, b.maxLatencyMs, b.emptyRate, b.timeoutRate,
              b.invalidRate, FLAPPING_DISCONNECT_RATE, b.tipShare, b.tipMaxDelayMs, b.announce);
          break;
        case "announce":
          b = new SimBehaviour(b.staleBlocks, b.minLatencyMs, b.maxLatencyMs, b.emptyRate, b.timeoutRate,
              b.invalidRate, b.disconnectRate, b.tipShare, b.tipMaxDelayMs, true);
          break;
        default:
          throw new IllegalArgumentException("unknown behaviour " + term);
      }
    }
    return b;
  }
}
