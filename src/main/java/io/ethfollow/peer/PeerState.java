package io.ethfollow.peer;

/** Where a connected peer stands for selection; counted on the status page. */
public enum PeerState {
  /** Idle, not cooling, head known and not stale: can take work now. */
  READY,
  /** A request is open (including one timed out and not yet answered). */
  BUSY,
  /** Parked until a definite time after soft failures. */
  COOLING,
  /** Head more than the stale distance below the required head. */
  STALE
}
