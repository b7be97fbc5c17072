package io.ethfollow.sim;

import java.util.Locale;

/**
 * How a {@link SimPeer} misbehaves. Parsed from comma-separated terms (docs/simulation.md has the
 * table): {@code honest}; {@code stale:BLOCKS} (its chain is BLOCKS behind the real one and never
 * moves); {@code lag:MIN-MAX} (answer latency in ms); {@code empty:RATE} (answers nothing); {@code
 * timeout:RATE} (never answers; {@code silent} is {@code timeout:1}); {@code slow:RATE} (answers
 * {@link #SLOW_ANSWER_MS} late, after any soft timeout and within the grace period); {@code short:RATE}
 * (a correct prefix of half the items); {@code shifted:RATE} (header answers start one block after
 * the one asked for); {@code invalid:RATE[:PARTS]} (answers that fail verification: PARTS is a
 * {@code +}-joined subset of {@code headers} (out of order), {@code bodies} (withdrawals root
 * mismatch), {@code receipts} (receipts root mismatch), {@code all}; default {@code headers});
 * {@code disconnect:RATE} (drops the session instead of answering, back 10 s later); {@code
 * flapping[:BLOCKS]} (its announced head jumps up and down: every slot a BlockRangeUpdate alternately
 * BLOCKS above its real head, with a hash of nothing, and BLOCKS below it; default 8; it serves only what
 * it really has); {@code tip:SHARE:MAXMS} (a new block reaches this peer up to MAXMS late with
 * probability SHARE); {@code announce} (sends BlockRangeUpdate the moment a block appears, before it can
 * serve it). Immutable.
 */
public record SimBehaviour(
    long staleBlocks,
    long minLatencyMs,
    long maxLatencyMs,
    double emptyRate,
    double timeoutRate,
    double slowRate,
    double shortRate,
    double shiftedRate,
    double invalidRate,
    int invalidParts,
    double disconnectRate,
    long flapBlocks,
    double tipShare,
    long tipMaxDelayMs,
    boolean announce) {

  /**
   * Latency of a {@code slow:} answer: above the executor's 20 s soft-timeout ceiling (so it always
   * times out first) and well inside its 2 min grace (so it arrives as a late answer, not a stall).
   */
  public static final long SLOW_ANSWER_MS = 25_000;

  /** Default amplitude of {@code flapping}: far enough above the tip to matter, within one batch. */
  public static final long DEFAULT_FLAP_BLOCKS = 8;

  /** {@link #invalidParts} bits. */
  public static final int HEADERS = 1;
  public static final int BODIES = 2;
  public static final int RECEIPTS = 4;

  public static SimBehaviour honest() {
    return new Builder().build();
  }

  /** Whether {@code invalid:} corrupts answers of this part ({@link #HEADERS}, {@link #BODIES}, {@link #RECEIPTS}). */
  public boolean corrupts(int part) {
    return (invalidParts & part) != 0;
  }

  /**
   * Parses a comma-separated behaviour; throws IllegalArgumentException naming the bad term.
   */
  public static SimBehaviour parse(String spec) {
    try {
      return parseTerms(spec);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("bad behaviour '" + spec + "' (expected e.g. honest, stale:BLOCKS, "
          + "lag:MIN-MAX, empty:RATE, timeout:RATE, silent, slow:RATE, short:RATE, shifted:RATE, "
          + "invalid:RATE[:headers+bodies+receipts], disconnect:RATE, flapping[:BLOCKS], tip:SHARE:MAXMS, announce)");
    }
  }

  private static SimBehaviour parseTerms(String spec) {
    Builder b = new Builder();
    for (String term : spec.split(",")) {
      String[] p = term.trim().split(":");
      switch (p[0]) {
        case "honest":
          break;
        case "stale":
          b.staleBlocks = Long.parseLong(p[1]);
          break;
        case "lag": {
          String[] r = p[1].split("-");
          b.minLatencyMs = Long.parseLong(r[0]);
          b.maxLatencyMs = Long.parseLong(r[1]);
          break;
        }
        case "empty":
          b.emptyRate = rate(p[1]);
          break;
        case "timeout":
          b.timeoutRate = rate(p[1]);
          break;
        case "silent":
          b.timeoutRate = 1;
          break;
        case "slow":
          b.slowRate = rate(p[1]);
          break;
        case "short":
          b.shortRate = rate(p[1]);
          break;
        case "shifted":
          b.shiftedRate = rate(p[1]);
          break;
        case "invalid":
          b.invalidRate = rate(p[1]);
          b.invalidParts = p.length > 2 ? parts(p[2]) : HEADERS;
          break;
        case "disconnect":
          b.disconnectRate = rate(p[1]);
          break;
        case "flapping":
          b.flapBlocks = p.length > 1 ? Long.parseLong(p[1]) : DEFAULT_FLAP_BLOCKS;
          if (b.flapBlocks < 1) {
            throw new IllegalArgumentException("flapping: BLOCKS must be at least 1 in '" + term + "'");
          }
          break;
        case "tip":
          b.tipShare = rate(p[1]);
          b.tipMaxDelayMs = Long.parseLong(p[2]);
          break;
        case "announce":
          b.announce = true;
          break;
        default:
          throw new IllegalArgumentException("unknown behaviour " + term);
      }
    }
    return b.build();
  }

  private static double rate(String s) {
    double r = Double.parseDouble(s);
    if (!(r >= 0 && r <= 1)) {
      throw new IllegalArgumentException("rate must be 0..1, got " + s);
    }
    return r;
  }

  private static int parts(String s) {
    int bits = 0;
    for (String part : s.split("\\+")) {
      switch (part.toLowerCase(Locale.ROOT)) {
        case "headers":
          bits |= HEADERS;
          break;
        case "bodies":
          bits |= BODIES;
          break;
        case "receipts":
          bits |= RECEIPTS;
          break;
        case "all":
          bits |= HEADERS | BODIES | RECEIPTS;
          break;
        default:
          throw new IllegalArgumentException("invalid: unknown part '" + part + "' (headers, bodies, receipts, all)");
      }
    }
    return bits;
  }

  /** Mutable collector for {@link #parse}; starts as {@code honest}. */
  private static final class Builder {
    long staleBlocks;
    long minLatencyMs = 30;
    long maxLatencyMs = 120;
    double emptyRate;
    double timeoutRate;
    double slowRate;
    double shortRate;
    double shiftedRate;
    double invalidRate;
    int invalidParts = HEADERS;
    double disconnectRate;
    long flapBlocks;
    double tipShare;
    long tipMaxDelayMs;
    boolean announce;

    SimBehaviour build() {
      return new SimBehaviour(staleBlocks, minLatencyMs, maxLatencyMs, emptyRate, timeoutRate, slowRate, shortRate,
          shiftedRate, invalidRate, invalidParts, disconnectRate, flapBlocks, tipShare, tipMaxDelayMs, announce);
    }
  }
}
