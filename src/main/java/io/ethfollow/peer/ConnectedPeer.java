package io.ethfollow.peer;

import io.ethfollow.chain.Hash;

/**
 * One live session as the pool tracks it: the link, the head (the only copy: DESIGN §1.2), open
 * requests, RTT and the soft-failure streak. Owned by {@link PeerPool}; mutated only on the
 * scheduler's thread; never handed out (selection hands out {@link PeerSnapshot}s).
 */
final class ConnectedPeer {
  final PeerLink link;
  final NodeRecord node;
  /** When the session was established; how long it lasts decides a static peer's redial backoff. */
  final long connectedAt;
  long headNumber;
  Hash headHash;
  /**
   * The highest head the peer stood behind: its Status, or headers it served. A BlockRangeUpdate
   * raises {@link #headNumber} (work may be assigned on it) but not this, until the peer serves it.
   */
  long confirmedNumber;
  Hash confirmedHash;
  long earliest;
  /** When a head was last reported (probe, range update, served response). */
  long headObservedAt;
  /** When the head number last went up; a stale peer that does not move is dropped. */
  long headMovedAt;
  int inFlight;
  double rttMillis;
  int softFailures;
  /** A probe has been asked for and not yet answered; no second one meanwhile. */
  boolean probing;
  /** The peer was seen cooling; when the timer finds the cooldown over it is announced once. */
  boolean coolingAnnounced;

  ConnectedPeer(PeerLink link, NodeRecord node, long headNumber, Hash headHash, long earliest, long now,
      double rttMillis) {
    this.link = link;
    this.node = node;
    this.connectedAt = now;
    this.headNumber = headNumber;
    this.headHash = headHash;
    this.confirmedNumber = headNumber;
    this.confirmedHash = headHash;
    this.earliest = earliest;
    this.headObservedAt = headNumber >= 0 ? now : Long.MIN_VALUE / 2;
    this.headMovedAt = now;
    this.rttMillis = rttMillis;
  }

  PeerId id() {
    return node.id;
  }
}
