package io.ethfollow.chain;

/** A transaction signature that cannot yield a sender: bad v/yParity, r or s out of range, no point. */
public final class InvalidSignatureException extends RuntimeException {
  public InvalidSignatureException(String message) {
    super(message);
  }
}
