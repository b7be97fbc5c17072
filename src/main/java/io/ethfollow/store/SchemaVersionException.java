package io.ethfollow.store;

/** The store was written with a schema version this build does not understand (usually newer). */
public final class SchemaVersionException extends StoreException {
  public SchemaVersionException(String message) {
    super(message);
  }
}
