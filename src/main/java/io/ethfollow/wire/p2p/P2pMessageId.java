package io.ethfollow.wire.p2p;

import java.util.Optional;

/**
 * Message ids of the devp2p base protocol (rlpx.md, "p2p Capability"). The base protocol owns ids
 * 0x00-0x0f of every connection; only these four are defined. Immutable; thread-safe.
 */
public enum P2pMessageId {
  HELLO(0x00),
  DISCONNECT(0x01),
  PING(0x02),
  PONG(0x03);

  /** rlpx.md: ids 0x00-0x0f are reserved for the base protocol; capabilities start at 0x10. */
  public static final int RESERVED_IDS = 0x10;

  private final int code;

  P2pMessageId(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The message id with this code, or empty for an undefined one. */
  public static Optional<P2pMessageId> fromCode(int code) {
    for (P2pMessageId id : values()) {
      if (id.code == code) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }
}
