package io.ethfollow.rlpx;

import io.ethfollow.wire.NodeKey;

/** Matching session secrets for two ends, from a real in-memory handshake. */
final class Sessions {
  private Sessions() {}

  /** [initiator, responder]: what one encrypts the other decrypts. */
  static SessionSecrets[] pair() {
    NodeKey a = NodeKey.random();
    NodeKey b = NodeKey.random();
    InitiatorHandshake i = new InitiatorHandshake(a, b.nodeId());
    ResponderHandshake.Response r = new ResponderHandshake(b).respond(i.auth());
    return new SessionSecrets[] {i.onAck(r.ack()).secrets(), r.result().secrets()};
  }
}
