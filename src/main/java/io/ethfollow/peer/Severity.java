package io.ethfollow.peer;

/**
 * How much a peer is held back after a disconnect or a failure, from nothing to a ban. The durations
 * live in {@link PoolConfig} ({@code cooldownLow}, {@code cooldownMedium}, {@code cooldownHigh},
 * {@code banDuration}); a cooldown grows with the node's strikes ({@code base × (1 + strikes)}) and is
 * capped at {@code cooldownCap}. A ban is fixed and does not grow.
 */
public enum Severity {
  /** No hold-back: a local decision about the pool's shape (full, shutting down), not the peer's fault. */
  NONE,
  /** Transient: the peer is busy or the network hiccuped; it will likely accept us again in seconds. */
  LOW,
  /** The node did not answer at all (dial failed, handshake failed, stalled): likely offline or overloaded. */
  MEDIUM,
  /** The peer misbehaved or is useless to us (bad data, protocol breach, far behind). */
  HIGH,
  /** The peer can never help (other network, ourselves) or its reputation fell below the ban threshold. */
  BAN
}
