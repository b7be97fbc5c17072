package io.ethfollow.store;

/** Stored bytes do not decode as what the schema says they are (disk or software fault). */
public final class StoreCorruptionException extends StoreException {
  public StoreCorruptionException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreCorruptionException(String message) {
    super(message);
  }
}
