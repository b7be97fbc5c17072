package io.ethfollow.app.systemd;

import io.ethfollow.time.Scheduler;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends {@code WATCHDOG=1} from the sync owner thread itself: each ping is a task on that thread's
 * scheduler which schedules the next one, so a wedged owner thread (a task that never returns)
 * stops the pings and systemd, after its {@code WatchdogSec}, kills and restarts the daemon. Pings
 * go every half of the timeout, as systemd recommends, so one late ping is not yet a miss. Runs on
 * the owner scheduler's thread; {@link #stop} may be called from any thread.
 */
public final class WatchdogPings {
  private final Scheduler owner;
  private final SystemdNotifier notifier;
  private final Duration every;
  private volatile boolean stopped;

  private WatchdogPings(Scheduler owner, SystemdNotifier notifier, Duration every) {
    this.owner = owner;
    this.notifier = notifier;
    this.every = every;
  }

  /**
   * Starts pinging on {@code owner} when systemd expects pings ({@link
   * SystemdNotifier#watchdogTimeout()}); empty otherwise. The first ping goes at once.
   */
  public static Optional<WatchdogPings> start(Scheduler owner, SystemdNotifier notifier) {
    return notifier
        .watchdogTimeout()
        .map(
            timeout -> {
              WatchdogPings pings = new WatchdogPings(owner, notifier, timeout.dividedBy(2));
              owner.execute(pings::ping);
              return pings;
            });
  }

  /** How often a ping is due. */
  public Duration interval() {
    return every;
  }

  private void ping() {
    if (stopped) {
      return;
    }
    notifier.watchdog();
    owner.schedule(every, this::ping);
  }

  /** No further pings (the stop has begun). */
  public void stop() {
    stopped = true;
  }
}
