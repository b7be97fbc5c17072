package io.ethfollow.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real-time {@link Scheduler} backed by one daemon thread. Owns that thread: every task submitted here
 * runs on it, so state confined to the scheduler's thread needs no locks.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private final Clock clock;
  private final ScheduledExecutorService executor;

  public SystemScheduler(String threadName) {
    this(Clock.systemUTC(), threadName);
  }

  public SystemScheduler(Clock clock, String threadName) {
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  /** Stops accepting tasks and waits up to {@code timeout} for the running one to finish. */
  public void shutdown(Duration timeout) throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
