package io.ethfollow.peer;

/**
 * What happened to one request, as far as the peer's standing is concerned. Each kind carries its
 * consequence (reputation change in units, whether it ends the peer's busy state, whether it counts
 * as a soft failure, and the disconnect it causes), so the mapping lives in one place. Reputation units
 * follow reth's weights divided by 1024: a timeout costs 4, bad data 16, and 50 below zero is a ban.
 */
public enum OutcomeKind {
  /** Full answer. */
  OK(+1, true, false, null),
  /** Fewer items than asked, but a correct prefix: peers may cut replies at 2 MiB, so no penalty. */
  PARTIAL(0, true, false, null),
  /** Nothing: the peer does not have it yet (tip) or any more (history expiry). A soft failure. */
  EMPTY(0, true, true, null),
  /** Soft timeout passed; the work moves on but the peer stays busy until it answers or the grace ends. */
  TIMEOUT(-4, false, true, null),
  /** The answer to a timed-out request arrived within the grace period: matched, not punished. */
  LATE_ANSWER(0, true, false, null),
  /** No answer even after the grace period: the peer is dropped (geth "peer stalling"). */
  STALLED(-4, true, false, DropReason.STALLING),
  /** Shifted, duplicated, over-long, wrong hashes or roots. */
  INVALID(-16, true, false, DropReason.BAD_RESPONSE),
  /** A reply with an unknown request id, or the wrong message type for its id. */
  BAD_MESSAGE(-16, true, false, DropReason.BAD_MESSAGE),
  /** The session ended while the request was open: not the peer's fault as far as the data goes. */
  DISCONNECTED(0, true, false, null);

  private final int reputationChange;
  private final boolean releasesPeer;
  private final boolean softFailure;
  private final DropReason disconnect;

  OutcomeKind(int reputationChange, boolean releasesPeer, boolean softFailure, DropReason disconnect) {
    this.reputationChange = reputationChange;
    this.releasesPeer = releasesPeer;
    this.softFailure = softFailure;
    this.disconnect = disconnect;
  }

  /** Reputation units added (negative: removed). */
  public int reputationChange() {
    return reputationChange;
  }

  /** Whether the request no longer occupies the peer afterwards. */
  public boolean releasesPeer() {
    return releasesPeer;
  }

  /** Counts toward the consecutive soft-failure streak that parks a peer ({@link PoolConfig#softFailureLimit}). */
  public boolean softFailure() {
    return softFailure;
  }

  /** The disconnect this outcome causes, or null when the peer stays connected. */
  public DropReason disconnect() {
    return disconnect;
  }
}
