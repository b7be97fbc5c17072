package io.ethfollow.rlpx;

/**
 * A peer broke the RLPx framing rules after the handshake. Each kind is a breach of protocol; the
 * kind says which rule, for logs and tests. Unchecked so it can travel through Netty's {@code
 * exceptionCaught}; carries no stack trace (peers can trigger it at will, and the trace says nothing).
 */
public final class FrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which framing rule the peer broke. */
  public enum Kind {
    /** Header or frame MAC mismatch: tampering, a bug, or a desynchronised stream. */
    MAC_MISMATCH,
    /** Frame size over our limit, detected from the header before the body is buffered. */
    FRAME_TOO_LARGE,
    /** Frame content not a message id followed by a payload. */
    MALFORMED_FRAME,
    /** Snappy length prefix claims more than the decompressed-size cap (a snappy bomb). */
    SNAPPY_TOO_LARGE,
    /** Snappy data that does not decompress. */
    MALFORMED_SNAPPY
  }

  private final Kind kind;

  public FrameException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
