package io.ethfollow.store;

/** A rollback would delete blocks below the sync start, which the store must never lose. */
public final class RollbackRefusedException extends StoreException {
  public RollbackRefusedException(String message) {
    super(message);
  }
}
