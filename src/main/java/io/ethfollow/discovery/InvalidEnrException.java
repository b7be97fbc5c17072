package io.ethfollow.discovery;

/** A node record that is malformed, too large, unsigned by its key, or of an unknown scheme. */
public final class InvalidEnrException extends IllegalArgumentException {
  public InvalidEnrException(String message) {
    super(message);
  }
}
