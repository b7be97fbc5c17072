package io.ethfollow.store;

/**
 * The directory exists but is not an ethfollow store (unrelated files, or a RocksDB database without
 * ethfollow metadata), or a read-only open found no store at all. Nothing was written to it.
 */
public final class NotAStoreException extends StoreException {
  public NotAStoreException(String message) {
    super(message);
  }
}
