package io.ethfollow.wire;

/**
 * A peer sent a message we cannot accept: bad RLP, a wrong shape, an oversized list, an out-of-range
 * value, or an unknown message code. Every decoder in this package reports malformed input only
 * through this exception (never a NullPointerException or an index error), so the session can answer
 * any of them the same way: disconnect with {@link #disconnectCause()} (breach of protocol). Immutable.
 */
public final class MessageDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String protocol;
  private final int code;

  /**
   * @param protocol "p2p" or "eth" (the capability whose message space {@code code} is in)
   * @param code the message code relative to that capability's offset
   * @param reason what was wrong, for the log
   * @param cause the underlying parse failure, or null
   */
  public MessageDecodeException(String protocol, int code, String reason, Throwable cause) {
    super(protocol + " message 0x" + Integer.toHexString(code) + ": " + reason, cause);
    this.protocol = protocol;
    this.code = code;
  }

  public MessageDecodeException(String protocol, int code, String reason) {
    this(protocol, code, reason, null);
  }

  /** The capability name whose message failed ("p2p" for the base protocol). */
  public String protocol() {
    return protocol;
  }

  /** The message code, relative to its capability's offset. */
  public int code() {
    return code;
  }

  /** What the session should do about it: a breach-of-protocol disconnect with our message. */
  public DisconnectCause disconnectCause() {
    return DisconnectReason.BREACH_OF_PROTOCOL.because(getMessage());
  }
}
