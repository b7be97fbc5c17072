package io.ethfollow.app.logging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, for each event, whether it is written or counted, and produces the summaries of what was
 * counted. Owns the table of open windows (a bounded, least-recently-seen-first map of {@link
 * KeyWindow}s) and the {@link TemplateRateCap}. Knows nothing of Logback or of the wall clock:
 * every call takes {@code now} in milliseconds from the caller's injected clock, so tests are
 * deterministic.
 *
 * <p>Thread-safe; called by every logging thread at once, by the flush timer and at shutdown. A
 * suppressed duplicate costs one map lookup and one atomic increment (no lock, no formatting). Every
 * suppressed event ends up in exactly one {@link Summary}: when its key's window is retired (its
 * next occurrence after the window, a flush, eviction or {@link #flushAll}).
 */
final class Deduplicator {
  private final long windowMillis;
  private final int capacity;
  /** Evicting down to here rather than to capacity makes the O(n log n) eviction rare. */
  private final int lowWater;

  private final ConcurrentHashMap<EventKey, KeyWindow> windows;
  private final TemplateRateCap rateCap;
  private final SummarySink sink;
  /** Earliest time a pending count falls due; an event at or after it triggers {@link #flushDue}. */
  private final AtomicLong nextDue = new AtomicLong(Long.MAX_VALUE);

  private final AtomicBoolean flushing = new AtomicBoolean();
  private final Object evictLock = new Object();

  Deduplicator(DedupSettings settings, SummarySink sink) {
    this.windowMillis = settings.windowMillis();
    this.capacity = settings.capacity();
    this.lowWater = capacity - Math.max(1, capacity / 16);
    this.windows = new ConcurrentHashMap<>(Math.min(capacity, 4096) * 2);
    this.rateCap =
        new TemplateRateCap(
            settings.rateCapLines(), settings.rateCapPeriodMillis(), settings.capacity());
    this.sink = sink;
  }

  /** True if the event is to be written, false if it was counted (and will be summarised). */
  boolean admit(EventKey key, long now) {
    if (now >= nextDue.get()) {
      flushDue(now);
    }
    while (true) {
      KeyWindow w = windows.get(key);
      if (w != null) {
        if (w.covers(now, windowMillis)) {
          long before = w.suppress(now);
          if (before >= 0) {
            if (before == 0) {
              lowerNextDue(w.start + windowMillis);
            }
            return false;
          }
          continue; // retired under us: look again
        }
        retire(w);
        continue;
      }
      if (!passesRateCap(key, now)) {
        return false;
      }
      if (windows.putIfAbsent(key, new KeyWindow(key, now)) == null) {
        if (windows.size() > capacity) {
          evict(now);
        }
        return true;
      }
      // Another thread opened this key's window first: this event is its duplicate.
    }
  }

  /** Reports every window and rate-cap period that has ended by {@code now}. */
  void flushDue(long now) {
    if (!flushing.compareAndSet(false, true)) {
      return; // another thread is flushing; it will see what we would
    }
    try {
      nextDue.set(Long.MAX_VALUE); // counts that start during the scan lower it again
      for (KeyWindow w : windows.values()) {
        if (!w.covers(now, windowMillis)) {
          retire(w);
        } else if (w.pending() > 0) {
          lowerNextDue(w.start + windowMillis);
        }
      }
      List<Summary> out = new ArrayList<>();
      lowerNextDue(rateCap.flush(now, false, out));
      emitAll(out);
    } finally {
      flushing.set(false);
    }
  }

  /** Reports every pending count, ended or not (shutdown). Events after it start afresh. */
  void flushAll() {
    for (KeyWindow w : windows.values()) {
      retire(w);
    }
    List<Summary> out = new ArrayList<>();
    rateCap.flush(0, true, out);
    emitAll(out);
    nextDue.set(Long.MAX_VALUE);
  }

  private boolean passesRateCap(EventKey key, long now) {
    List<Summary> out = new ArrayList<>(0);
    long due = rateCap.admit(key, now, out);
    emitAll(out);
    if (due == TemplateRateCap.ADMITTED) {
      return true;
    }
    lowerNextDue(due);
    return false;
  }

  /** Removes the window (if still current) and reports its count; idempotent across threads. */
  private void retire(KeyWindow w) {
    if (windows.remove(w.key, w)) {
      long count = w.close();
      if (count > 0) {
        sink.emit(new Summary(w.key, count, false));
      }
    }
  }

  /**
   * Brings the table back under capacity: first every window that has ended, then the least
   * recently seen ones down to {@link #lowWater}. Their counts are reported, never dropped.
   */
  private void evict(long now) {
    synchronized (evictLock) {
      if (windows.size() <= capacity) {
        return;
      }
      List<Seen> live = new ArrayList<>(windows.size());
      for (KeyWindow w : windows.values()) {
        if (w.covers(now, windowMillis)) {
          live.add(new Seen(w.lastSeen(), w)); // snapshot: lastSeen moves while we sort
        } else {
          retire(w);
        }
      }
      int excess = windows.size() - lowWater;
      if (excess <= 0) {
        return;
      }
      live.sort(Comparator.comparingLong(Seen::at));
      for (int i = 0; i < excess && i < live.size(); i++) {
        retire(live.get(i).window());
      }
    }
  }

  /** A window with the time it was last seen, frozen for sorting. */
  private record Seen(long at, KeyWindow window) {}

  private void lowerNextDue(long due) {
    long cur = nextDue.get();
    while (due < cur && !nextDue.compareAndSet(cur, due)) {
      cur = nextDue.get();
    }
  }

  private void emitAll(List<Summary> out) {
    for (Summary s : out) {
      sink.emit(s);
    }
  }
}
