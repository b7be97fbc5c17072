package io.ethfollow.status;

/**
 * Where the HTTP handlers read the current status from. Implementations return a snapshot published
 * by the state's owner thread (for example an {@code AtomicReference} refreshed every second), so a
 * Netty thread never computes status itself and never touches the store.
 */
@FunctionalInterface
public interface StatusSource {
  StatusDocument current();

  /** The {@code /health} verdict on {@code doc}; sources with operator-set bounds override it. */
  default HealthVerdict health(StatusDocument doc) {
    return HealthVerdict.of(doc);
  }
}
