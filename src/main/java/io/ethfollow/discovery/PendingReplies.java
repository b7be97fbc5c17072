package io.ethfollow.discovery;

import io.ethfollow.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Requests waiting for their reply: each expects one packet type from one node, gets every matching
 * packet until it says it is complete, and times out on the scheduler otherwise. Packets nobody waits
 * for are reported as unsolicited. Owned by the discovery scheduler thread.
 */
final class PendingReplies {
  /**
   * More outstanding requests than this means something loops; new ones fail at once. 3 lookups'
   * worth of bonding plus findnode (3 × 16 × 2) and revalidation fit comfortably.
   */
  static final int MAX_PENDING = 512;

  private final Scheduler scheduler;
  private final List<Expectation> pending = new ArrayList<>();

  PendingReplies(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  private static final class Expectation {
    final NodeId from;
    final PacketType type;
    final Predicate<Packet> complete;
    final Runnable onTimeout;
    Scheduler.Cancellable timer;

    Expectation(NodeId from, PacketType type, Predicate<Packet> complete, Runnable onTimeout) {
      this.from = from;
      this.type = type;
      this.complete = complete;
      this.onTimeout = onTimeout;
    }
  }

  /**
   * Waits for packets of {@code type} from {@code from}. {@code complete} sees each one and returns
   * true when no more are expected; {@code onTimeout} runs if that has not happened in time.
   */
  void expect(NodeId from, PacketType type, Duration timeout, Predicate<Packet> complete, Runnable onTimeout) {
    if (pending.size() >= MAX_PENDING) {
      onTimeout.run();
      return;
    }
    Expectation e = new Expectation(from, type, complete, onTimeout);
    pending.add(e);
    e.timer =
        scheduler.schedule(
            timeout,
            () -> {
              if (pending.remove(e)) {
                e.onTimeout.run();
              }
            });
  }

  /** Hands a packet to the requests waiting for it; false when none was (unsolicited). */
  boolean dispatch(NodeId from, Packet packet) {
    boolean matched = false;
    for (Expectation e : new ArrayList<>(pending)) {
      if (e.type == packet.type() && e.from.equals(from) && pending.contains(e)) {
        matched = true;
        if (e.complete.test(packet)) {
          pending.remove(e);
          e.timer.cancel();
        }
      }
    }
    return matched;
  }

  int size() {
    return pending.size();
  }

  /** Cancels every timer without calling back (service stop). */
  void clear() {
    for (Expectation e : pending) {
      e.timer.cancel();
    }
    pending.clear();
  }
}
