package io.ethfollow.discovery;

import java.time.Duration;

/**
 * Exponential retry delay for bootstrapping while no node answers: 2 s, 4 s, 8 s ... capped at 5 min,
 * reset by the first answer. Mutable; owned by the discovery scheduler thread.
 *
 * <p>Why these numbers: the first retries come fast because a lost UDP datagram (or a bootnode that
 * was restarting) is the common short outage; the 5-minute cap keeps an offline daemon at one
 * round of pings per bootnode every 5 minutes (about 15 rounds an hour) while still finding the
 * network within 5 minutes of connectivity returning.
 */
final class Backoff {
  static final Duration INITIAL = Duration.ofSeconds(2);
  static final Duration MAX = Duration.ofMinutes(5);

  private Duration next = INITIAL;

  /** The delay to wait now; doubles the following one up to the cap. */
  Duration next() {
    Duration d = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
    return d;
  }

  void reset() {
    next = INITIAL;
  }
}
