package io.ethfollow.rlp;

/** Malformed or non-canonical RLP. The message says what was wrong and at which byte offset. */
public final class RlpException extends RuntimeException {
  public RlpException(String message) {
    super(message);
  }
}
