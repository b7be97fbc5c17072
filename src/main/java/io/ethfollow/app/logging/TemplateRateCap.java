package io.ethfollow.app.logging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second guard: at most {@code linesPerPeriod} written lines per log statement (logger, level,
 * template) per period, whatever values they carry. It catches what the identical-event window
 * cannot: a flood of events that differ in one field (a block number, a peer id). Events over the
 * cap are counted and reported as one {@code rateCapped} summary when the period ends.
 *
 * <p>Owns a bounded LRU of per-template buckets; an evicted bucket's count is reported, not dropped.
 * Consulted only for events that would open a new window (never for a suppressed duplicate), by any
 * logging thread and the flush timer; every method is synchronized and summaries are returned to the
 * caller to write after the lock is released.
 */
final class TemplateRateCap {
  /** Returned by {@link #admit} when the line may be written. */
  static final long ADMITTED = Long.MIN_VALUE;

  private final int linesPerPeriod;
  private final long periodMillis;
  private final int capacity;
  private final LinkedHashMap<EventKey.TemplateKey, Bucket> buckets;
  private final List<Summary> evicted = new ArrayList<>();

  TemplateRateCap(int linesPerPeriod, long periodMillis, int capacity) {
    this.linesPerPeriod = linesPerPeriod;
    this.periodMillis = periodMillis;
    this.capacity = capacity;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<EventKey.TemplateKey, Bucket> eldest) {
            if (size() <= TemplateRateCap.this.capacity) {
              return false;
            }
            eldest.getValue().report(evicted);
            return true;
          }
        };
  }

  /**
   * Decides whether {@code key}, about to open a new window at {@code now}, may be written. Returns
   * {@link #ADMITTED}, or the time its held-back count is due to be reported. Summaries that became
   * due on the way (the template's previous period, an evicted template) are added to {@code out}.
   */
  synchronized long admit(EventKey key, long now, List<Summary> out) {
    if (linesPerPeriod <= 0) {
      return ADMITTED;
    }
    EventKey.TemplateKey t = key.template();
    Bucket b = buckets.get(t);
    if (b == null || !b.covers(now)) {
      if (b != null) {
        b.report(out);
      }
      b = new Bucket(now);
      buckets.put(t, b);
      drainEvicted(out);
    }
    if (b.written < linesPerPeriod) {
      b.written++;
      return ADMITTED;
    }
    if (b.capped++ == 0) {
      b.first = key;
    }
    return b.start + periodMillis;
  }

  /**
   * Reports every bucket whose period has ended ({@code all}: every bucket) and returns when the
   * next held-back count falls due, or {@link Long#MAX_VALUE} if none is pending.
   */
  synchronized long flush(long now, boolean all, List<Summary> out) {
    long next = Long.MAX_VALUE;
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      Bucket b = it.next();
      if (all || !b.covers(now)) {
        b.report(out);
        it.remove();
      } else if (b.capped > 0) {
        next = Math.min(next, b.start + periodMillis);
      }
    }
    drainEvicted(out);
    return next;
  }

  private void drainEvicted(List<Summary> out) {
    out.addAll(evicted);
    evicted.clear();
  }

  /** One template's current period. Guarded by the enclosing instance's lock. */
  private final class Bucket {
    final long start;
    int written;
    long capped;
    EventKey first;

    Bucket(long start) {
      this.start = start;
    }

    /** Same edge rule as a dedup window: the end instant starts a new period. */
    boolean covers(long now) {
      return now >= start && now - start < periodMillis;
    }

    void report(List<Summary> out) {
      if (capped > 0) {
        out.add(new Summary(first, capped, true));
        capped = 0;
      }
    }
  }
}
