package io.ethfollow.app;

import java.util.ArrayDeque;

/**
 * Blocks per second over the last minute and the last five minutes, from (time, head) samples taken
 * at each status refresh (once a second). Owned by the status refresh on the daemon's thread.
 */
final class BlockRate {
  /** Five minutes of once-a-second samples, plus slack: the longest window reported. */
  private static final long LONG_WINDOW_MS = 5 * 60_000;

  private static final long SHORT_WINDOW_MS = 60_000;

  private record Sample(long millis, long head) {}

  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  void add(long millis, long head) {
    samples.addLast(new Sample(millis, head));
    while (samples.size() > 2 && samples.peekFirst().millis() < millis - LONG_WINDOW_MS) {
      samples.removeFirst();
    }
  }

  /** Blocks per second over the last minute (or since the first sample, if younger). */
  double perSecond1m() {
    return rate(SHORT_WINDOW_MS);
  }

  /** Blocks per second over the last five minutes (or since the first sample, if younger). */
  double perSecond5m() {
    return rate(LONG_WINDOW_MS);
  }

  private double rate(long windowMs) {
    if (samples.size() < 2) {
      return 0;
    }
    Sample last = samples.peekLast();
    Sample from = samples.peekFirst();
    for (Sample s : samples) {
      if (s.millis() >= last.millis() - windowMs) {
        from = s;
        break;
      }
    }
    long ms = last.millis() - from.millis();
    // A rollback makes the head go down; report progress, never a negative rate.
    return ms <= 0 ? 0 : Math.max(0, last.head() - from.head()) * 1000.0 / ms;
  }
}
