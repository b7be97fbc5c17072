package io.ethfollow.app.logging;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One key's dedup window: when it opened (the written line), when the key was last seen (for LRU
 * eviction) and how many duplicates were suppressed since. The count is closed exactly once, when
 * the window is retired; a thread that counts into a closed window sees that and retries, so no
 * suppressed event is counted twice or lost.
 *
 * <p>Shared by all logging threads and the flush timer; lock-free.
 */
final class KeyWindow {
  /** Marks a retired window; any increment of it stays negative for 2^63 more events. */
  private static final long CLOSED = Long.MIN_VALUE;

  final EventKey key;
  final long start;
  private final AtomicLong suppressed = new AtomicLong();
  private volatile long lastSeen;

  KeyWindow(EventKey key, long start) {
    this.key = key;
    this.start = start;
    this.lastSeen = start;
  }

  /**
   * True while {@code now} is inside [start, start + window). An event exactly at the end opens a
   * new window; a clock that stepped back before the start also ends it, so a wall-clock correction
   * can never hold a key suppressed for longer than one window.
   */
  boolean covers(long now, long windowMillis) {
    return now >= start && now - start < windowMillis;
  }

  /**
   * Counts one suppressed duplicate. Returns how many were counted before it (0 for the first), or a
   * negative value if the window is already closed and the caller must look the key up again.
   */
  long suppress(long now) {
    if (lastSeen != now) {
      lastSeen = now; // written at most once per millisecond, not per event
    }
    return suppressed.getAndIncrement();
  }

  /** Duplicates counted so far (0 if closed); for deciding when a flush is due. */
  long pending() {
    return Math.max(0, suppressed.get());
  }

  long lastSeen() {
    return lastSeen;
  }

  /** Closes the window and returns its final count; only the caller that retired it calls this. */
  long close() {
    return suppressed.getAndSet(CLOSED);
  }
}
