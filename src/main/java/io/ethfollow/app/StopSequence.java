package io.ethfollow.app;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the daemon's close steps in order within one time budget: each step gets what is left of
 * it. A step that is still running when the budget is spent is abandoned (its thread is a daemon
 * thread, and the process exits soon after) and every later step is skipped, each with one WARN
 * line, so a hung close (a peer that never lets go, a disk that stopped answering) cannot hold the
 * stop past the promise made to systemd. A step that throws is logged and counts as not done; the
 * next steps still run. Used once, on the main thread; steps run on a helper thread each.
 */
final class StopSequence {
  private static final Logger LOG = LoggerFactory.getLogger(StopSequence.class);

  /** A close step; may block and may throw. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  private final long deadlineNanos;
  private final Duration budget;
  private boolean allDone = true;
  private boolean overBudget;

  StopSequence(Duration budget) {
    this.budget = budget;
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
  }

  /** What is left of the budget (zero once spent). */
  Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /**
   * Runs {@code step} with what is left of the budget.
   *
   * @return true when the step finished without an exception in time
   */
  boolean run(String name, Step step) {
    Duration left = remaining();
    if (overBudget || left.isZero()) {
      overBudget = true;
      allDone = false;
      LOG.atWarn()
          .setMessage("stop budget spent: step skipped")
          .addKeyValue("event", "stop_step_skipped")
          .addKeyValue("step", name)
          .addKeyValue("budgetMs", budget.toMillis())
          .log();
      return false;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                step.run();
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "ethfollow-stop-" + name);
    t.setDaemon(true);
    t.start();
    try {
      done.get(left.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      overBudget = true;
      allDone = false;
      LOG.atWarn()
          .setMessage("stop step did not finish within the stop budget; exiting without it")
          .addKeyValue("event", "stop_timeout")
          .addKeyValue("step", name)
          .addKeyValue("budgetMs", budget.toMillis())
          .log();
      return false;
    } catch (ExecutionException e) {
      allDone = false;
      LOG.atWarn()
          .setMessage("stop step failed")
          .addKeyValue("event", "stop_step_failed")
          .addKeyValue("step", name)
          .addKeyValue("error", String.valueOf(e.getCause()))
          .log();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      allDone = false;
      overBudget = true;
      return false;
    }
  }

  /** True when every step ran and finished in time without an exception. */
  boolean allDone() {
    return allDone;
  }

  /** True when a step ran out of time (later steps were skipped). */
  boolean overBudget() {
    return overBudget;
  }
}
