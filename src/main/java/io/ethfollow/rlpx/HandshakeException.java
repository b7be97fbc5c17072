package io.ethfollow.rlpx;

/**
 * The RLPx (ECIES) handshake failed: undecryptable, malformed or out-of-spec auth/ack. The peer is not
 * authenticated, so no Disconnect is sent; the connection is closed. Unchecked so it can travel
 * through Netty's {@code exceptionCaught}.
 */
public final class HandshakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HandshakeException(String message) {
    super(message, null, false, false);
  }
}
