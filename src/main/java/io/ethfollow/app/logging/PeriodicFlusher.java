package io.ethfollow.app.logging;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the flush on one daemon thread ("log-dedup-flush") every period, so a window that ends while
 * nothing else is logged is still reported. It only triggers: what is due is decided by {@link
 * Deduplicator} from the injected clock. Started and stopped by {@link DedupTurboFilter}.
 */
final class PeriodicFlusher {
  private final ScheduledExecutorService timer;

  PeriodicFlusher(long periodMillis, Runnable flush) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "log-dedup-flush");
              t.setDaemon(true); // never keeps the JVM alive
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            flush.run();
          } catch (RuntimeException e) {
            // A failed flush must not cancel the schedule; the next one reports the same counts.
          }
        },
        periodMillis,
        periodMillis,
        TimeUnit.MILLISECONDS);
  }

  void stop() {
    timer.shutdownNow();
  }
}
