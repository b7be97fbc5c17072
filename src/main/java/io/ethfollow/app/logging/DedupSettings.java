package io.ethfollow.app.logging;

/**
 * The deduplication knobs, in milliseconds and counts. Immutable. See docs/logging.md for why each
 * default is what it is.
 *
 * @param windowMillis how long identical events are counted instead of written after the first; 0
 *     turns deduplication off (every event is written)
 * @param capacity how many distinct keys (and templates) are tracked at once; the least recently
 *     seen is evicted, its count reported
 * @param rateCapLines lines one log statement may write per rate-cap period; 0 turns the cap off
 * @param rateCapPeriodMillis the rate cap's period
 * @param flushPeriodMillis how often the background timer reports windows that ended while nothing
 *     was logged
 */
public record DedupSettings(
    long windowMillis,
    int capacity,
    int rateCapLines,
    long rateCapPeriodMillis,
    long flushPeriodMillis) {

  /**
   * One second collapses any burst (the predecessor wrote 12.2 million lines in a millisecond) into
   * two lines, yet a summary is never more than about a second late for a human tailing the journal.
   */
  public static final long DEFAULT_WINDOW_MILLIS = 1_000;

  /**
   * 1024 distinct events live at once is far more than a healthy daemon produces in a second (a few
   * dozen); beyond that it is a flood the rate cap handles. Costs at most about 300 KB (key, window
   * and the event's argument objects per entry).
   */
  public static final int DEFAULT_CAPACITY = 1024;

  /**
   * 120 lines per statement per minute lets a once-a-second progress line through untouched (60 a
   * minute, with room for bursts) but stops a statement whose values differ every time (a block or
   * peer id) from writing more than two lines a second.
   */
  public static final int DEFAULT_RATE_CAP_LINES = 120;

  /** A minute: long enough to smooth bursts, short enough that a held-back count shows up soon. */
  public static final long DEFAULT_RATE_CAP_PERIOD_MILLIS = 60_000;

  /** Checking once a window means a summary is at most two windows late when logging goes quiet. */
  public static final long DEFAULT_FLUSH_PERIOD_MILLIS = DEFAULT_WINDOW_MILLIS;

  public DedupSettings {
    if (windowMillis < 0 || rateCapLines < 0) {
      throw new IllegalArgumentException("window and rate cap must not be negative");
    }
    if (capacity < 1 || rateCapPeriodMillis < 1 || flushPeriodMillis < 1) {
      throw new IllegalArgumentException(
          "capacity, rate-cap period and flush period must be positive");
    }
  }

  public static DedupSettings defaults() {
    return new DedupSettings(
        DEFAULT_WINDOW_MILLIS,
        DEFAULT_CAPACITY,
        DEFAULT_RATE_CAP_LINES,
        DEFAULT_RATE_CAP_PERIOD_MILLIS,
        DEFAULT_FLUSH_PERIOD_MILLIS);
  }
}
