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
  final AtomicLong connectionsRefused = new AtomicLong();

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

  /**
   * Malformed input, each of which ended its connection: a broken or oversized handshake packet,
   * too many bytes before Hello, a bad MAC, an oversized or malformed frame, bad snappy, an
   * undecodable p2p or eth message, or a message not allowed where it came (a first message that is
   * not Hello, a second Hello or Status, an id outside the negotiated ones, requests past the
   * per-peer serving bound).
   */
  public long badMessages() {
    return badMessages.get();
  }

  /**
   * Connections refused by a connection cap: closed at once because the cap on connections in their
   * handshake was reached (inbound ones beyond it, inbound ones evicted for our dials, dials when
   * every slot held one), or disconnected right after Hello because the inbound sessions were full.
   */
  public long connectionsRefused() {
    return connectionsRefused.get();
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
