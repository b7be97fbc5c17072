package io.ethfollow.discovery;

/** discv4 packet type bytes (discv4.md; 5 and 6 from EIP-868). Immutable. */
public enum PacketType {
  PING(0x01),
  PONG(0x02),
  FIND_NODE(0x03),
  NEIGHBORS(0x04),
  ENR_REQUEST(0x05),
  ENR_RESPONSE(0x06);

  private final int code;

  PacketType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire byte, or null when the byte names no known packet. */
  static PacketType of(int code) {
    for (PacketType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
