package io.ethfollow.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Real-time {@link Scheduler} backed by one daemon thread. Owns that thread: every task submitted here
 * runs on it, so state confined to the scheduler's thread needs no locks.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final Consumer<Throwable> onFailure;

  public SystemScheduler(String threadName) {
    this(Clock.systemUTC(), threadName, SystemScheduler::printFailure);
  }

  /**
   * @param onFailure gets every exception a task throws (the executor would otherwise keep it in a
   *     future nobody reads): the daemon logs it and stops with exit code 1
   */
  public SystemScheduler(String threadName, Consumer<Throwable> onFailure) {
    this(Clock.systemUTC(), threadName, onFailure);
  }

  public SystemScheduler(Clock clock, String threadName) {
    this(clock, threadName, SystemScheduler::printFailure);
  }

  public SystemScheduler(Clock clock, String threadName, Consumer<Throwable> onFailure) {
    this.clock = clock;
    this.onFailure = onFailure;
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
    executor.execute(guarded(task));
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f = executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        onFailure.accept(e);
      }
    };
  }

  private static void printFailure(Throwable e) {
    System.err.println("ethfollow: task failed on " + Thread.currentThread().getName() + ": " + e);
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
