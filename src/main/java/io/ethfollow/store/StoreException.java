package io.ethfollow.store;

/**
 * Base type of every failure the block store reports. The CLI maps it to exit code 2 (bad data dir
 * or configuration) and prints {@link #getMessage()}, which is always one line naming the cause.
 */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
