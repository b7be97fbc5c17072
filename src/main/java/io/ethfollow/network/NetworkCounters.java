package io.ethfollow.network;

import java.util.concurrent.atomic.AtomicLong;

/** Event counts of the network shell for status and metrics; written on the network thread, read anywhere. */
public final class NetworkCounters {
  final AtomicLong sessionsOpened = new AtomicLong();
  final AtomicLong handshakesFailed = new AtomicLong();
  final AtomicLong statusRejected = new AtomicLong();
  final AtomicLong badMessages = new AtomicLong();
  final AtomicLong requestsServed = new AtomicLong();
  final AtomicLong gossipIgnored = new AtomicLong();
  final AtomicLong dialsFailed = new AtomicLong();

  /** RLPx sessions that completed Hello. */
  public long sessionsOpened() {
    return sessionsOpened.get();
  }

  /** Connections that failed before Hello (bad handshake, timeout, wrong identity). */
  public long handshakesFailed() {
    return handshakesFailed.get();
  }

  /** Peers disconnected for a wrong network, genesis or fork id. */
  public long statusRejected() {
    return statusRejected.get();
  }

  /** Malformed eth messages (each ended its session). */
  public long badMessages() {
    return badMessages.get();
  }

  /** Peers' GetBlockHeaders/Bodies/Receipts we answered from the store. */
  public long requestsServed() {
    return requestsServed.get();
  }

  /** Transaction and block gossip received and ignored. */
  public long gossipIgnored() {
    return gossipIgnored.get();
  }

  /** Dials that failed (connect, handshake). */
  public long dialsFailed() {
    return dialsFailed.get();
  }
}
