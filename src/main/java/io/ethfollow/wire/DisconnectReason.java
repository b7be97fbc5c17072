package io.ethfollow.wire;

import java.util.Optional;

/**
 * The devp2p disconnect reasons as they travel on the wire (rlpx.md, "Disconnect (0x01)"). These
 * codes are coarse on purpose: many local reasons share one code, so the session logs a {@link
 * DisconnectCause} with the fine detail and sends only the code. Immutable; thread-safe.
 */
public enum DisconnectReason {
  REQUESTED(0x00, "disconnect requested"),
  TCP_ERROR(0x01, "TCP sub-system error"),
  BREACH_OF_PROTOCOL(0x02, "breach of protocol, e.g. a malformed message or bad RLP"),
  USELESS_PEER(0x03, "useless peer"),
  TOO_MANY_PEERS(0x04, "too many peers"),
  ALREADY_CONNECTED(0x05, "already connected"),
  INCOMPATIBLE_P2P_VERSION(0x06, "incompatible p2p protocol version"),
  NULL_IDENTITY(0x07, "null node identity received"),
  CLIENT_QUITTING(0x08, "client quitting"),
  UNEXPECTED_IDENTITY(0x09, "unexpected identity in handshake"),
  CONNECTED_TO_SELF(0x0a, "identity is the same as this node"),
  PING_TIMEOUT(0x0b, "ping timeout"),
  SUBPROTOCOL_ERROR(0x10, "some other reason specific to a subprotocol");

  private final int code;
  private final String description;

  DisconnectReason(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The byte sent on the wire. */
  public int code() {
    return code;
  }

  /** The meaning the spec gives the code, for logs. */
  public String description() {
    return description;
  }

  /** The reason with this wire code, or empty for a code the spec does not define. */
  public static Optional<DisconnectReason> fromCode(long code) {
    for (DisconnectReason r : values()) {
      if (r.code == code) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** A cause with this wire code and a fine local detail. */
  public DisconnectCause because(String detail) {
    return new DisconnectCause(this, detail);
  }
}
