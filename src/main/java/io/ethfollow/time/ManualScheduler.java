package io.ethfollow.time;

import java.time.Clock;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Virtual-time {@link Scheduler}: tasks run only inside {@link #runDue()} / {@link #advance(Duration)},
 * on the caller's thread, in deadline order (FIFO among equal deadlines). Owns its task queue; meant to
 * be driven by one thread (the test). Counts how many tasks ran so tests can bound wake-ups.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualClock clock;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long sequence;
  private long tasksRun;

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  public ManualScheduler() {
    this(new ManualClock(0));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  public ManualClock manualClock() {
    return clock;
  }

  @Override
  public void execute(Runnable task) {
    schedule(Duration.ZERO, task);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(clock.millis() + Math.max(0, delay.toMillis()), sequence++, task);
    queue.add(t);
    return () -> t.cancelled = true;
  }

  /** Runs every task whose deadline is not after now, including tasks they schedule for now. */
  public int runDue() {
    int ran = 0;
    while (!queue.isEmpty() && queue.peek().deadline <= clock.millis()) {
      Task t = queue.poll();
      if (!t.cancelled) {
        t.runnable.run();
        ran++;
        tasksRun++;
      }
    }
    return ran;
  }

  /** Advances time by {@code d}, running each due task with the clock set to its own deadline. */
  public void advance(Duration d) {
    long target = clock.millis() + d.toMillis();
    while (!queue.isEmpty() && queue.peek().deadline <= target) {
      Task t = queue.peek();
      if (t.deadline > clock.millis()) {
        clock.setMillis(t.deadline);
      }
      runDue();
    }
    clock.setMillis(target);
    runDue();
  }

  /** Deadline of the earliest pending task, or -1 when nothing is scheduled. */
  public long nextDeadline() {
    queue.removeIf(t -> t.cancelled);
    return queue.isEmpty() ? -1 : queue.peek().deadline;
  }

  /** Total number of tasks run so far (a wake-up counter for no-spin assertions). */
  public long tasksRun() {
    return tasksRun;
  }

  private static final class Task implements Comparable<Task> {
    final long deadline;
    final long seq;
    final Runnable runnable;
    volatile boolean cancelled;

    Task(long deadline, long seq, Runnable runnable) {
      this.deadline = deadline;
      this.seq = seq;
      this.runnable = runnable;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(deadline, o.deadline);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
