package io.ethfollow.time;

import java.time.Clock;
import java.time.Duration;

/**
 * The one way code outside this package waits: run a task now (on the scheduler's thread) or after a
 * delay. Implementations: {@link SystemScheduler} in the daemon, {@link ManualScheduler} in tests and
 * in {@code ethfollow simulate}, where time only moves when the test advances it.
 */
public interface Scheduler {

  /** The clock this scheduler's delays are measured on. */
  Clock clock();

  /** Runs {@code task} on the scheduler's thread as soon as possible. */
  void execute(Runnable task);

  /** Runs {@code task} once after {@code delay}; the returned handle cancels it if it has not run. */
  Cancellable schedule(Duration delay, Runnable task);

  /** Current time in epoch milliseconds on {@link #clock()}. */
  default long nowMillis() {
    return clock().millis();
  }

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started; no effect otherwise. */
    void cancel();
  }
}
