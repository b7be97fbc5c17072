package io.ethfollow.peer;

import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.DisconnectReason;

/**
 * Why a session ended or why the pool ends one, fine-grained for logs and for the pool's cooldowns, with the coarse devp2p wire
 * code sent (or received) in the Disconnect message. Remote reasons arrive through
 * {@link #fromWireCode(int)}; local reasons name what the pool or the request layer saw. The severity
 * mapping follows reth's backoff kinds: reasons that mean "try again soon" are {@link Severity#LOW},
 * reasons that mean "this peer will not work for us" are {@link Severity#HIGH}. Immutable.
 */
public enum DropReason {
  // ---- devp2p wire reasons (received from the remote, or sent by us with that meaning) ----
  REQUESTED(0x00, Severity.LOW, "disconnect requested"),
  TCP_ERROR(0x01, Severity.LOW, "tcp sub-system error"),
  PROTOCOL_BREACH(0x02, Severity.HIGH, "breach of protocol"),
  USELESS_PEER(0x03, Severity.HIGH, "useless peer"),
  TOO_MANY_PEERS(0x04, Severity.LOW, "too many peers"),
  ALREADY_CONNECTED(0x05, Severity.LOW, "already connected"),
  INCOMPATIBLE_P2P(0x06, Severity.HIGH, "incompatible p2p protocol version"),
  NULL_IDENTITY(0x07, Severity.HIGH, "null node identity"),
  CLIENT_QUITTING(0x08, Severity.HIGH, "client quitting"),
  UNEXPECTED_IDENTITY(0x09, Severity.HIGH, "unexpected identity"),
  SELF(0x0a, Severity.BAN, "connected to self"),
  PING_TIMEOUT(0x0b, Severity.LOW, "ping timeout"),
  SUBPROTOCOL(0x10, Severity.HIGH, "subprotocol reason"),

  // ---- local, fine-grained (never received; the wire code is what we send) ----
  /** TCP connect refused or timed out: the node is probably offline (reth: connection timeout = medium). */
  DIAL_FAILED(0x01, Severity.MEDIUM, "dial failed"),
  /** ECIES/Hello/Status exchange did not complete. */
  HANDSHAKE_FAILED(0x01, Severity.MEDIUM, "handshake failed"),
  /** Status showed another network, genesis or fork: it can never serve us. */
  WRONG_NETWORK(0x10, Severity.BAN, "wrong network or fork"),
  /** A response failed shape or root checks. */
  BAD_RESPONSE(0x02, Severity.HIGH, "invalid response"),
  /** A message with an unknown request id or the wrong type for its id. */
  BAD_MESSAGE(0x02, Severity.HIGH, "unexpected message"),
  /** A request stayed unanswered past the grace period. */
  STALLING(0x03, Severity.MEDIUM, "stalling"),
  /** Head far below the head it must serve and not moving (DESIGN §1.1). */
  HOPELESSLY_STALE(0x03, Severity.HIGH, "hopelessly stale"),
  /** Reputation fell below the ban threshold. */
  REPUTATION(0x03, Severity.BAN, "reputation below ban threshold"),
  /** A banned node tried to connect. Already banned, so no further penalty. */
  BANNED(0x03, Severity.NONE, "banned"),
  /** The pool is at its maximum size: the peer did nothing wrong. */
  POOL_FULL(0x04, Severity.NONE, "pool full"),
  /** We are stopping. */
  SHUTDOWN(0x08, Severity.NONE, "shutting down");

  private final int wireCode;
  private final Severity severity;
  private final String text;

  DropReason(int wireCode, Severity severity, String text) {
    this.wireCode = wireCode;
    this.severity = severity;
    this.text = text;
  }

  /** The devp2p Disconnect reason code (0x00-0x0b, 0x10) sent for this cause. */
  public int wireCode() {
    return wireCode;
  }

  public Severity severity() {
    return severity;
  }

  public String text() {
    return text;
  }

  /** The wire reason sent for this drop. */
  public DisconnectReason wireReason() {
    return DisconnectReason.fromCode(wireCode).orElse(DisconnectReason.SUBPROTOCOL_ERROR);
  }

  /** What the session is told: the wire code plus this drop's text as the log detail. */
  public DisconnectCause toCause() {
    return wireReason().because(text);
  }

  /** The pool's reading of a reason the remote sent us. */
  public static DropReason fromWire(DisconnectReason reason) {
    return fromWireCode(reason.code());
  }

  /** The remote's reason; unknown codes are treated as a subprotocol reason (high, not a ban). */
  public static DropReason fromWireCode(int code) {
    for (DropReason c : values()) {
      if (c.ordinal() <= SUBPROTOCOL.ordinal() && c.wireCode == code) {
        return c;
      }
    }
    return SUBPROTOCOL;
  }
}
