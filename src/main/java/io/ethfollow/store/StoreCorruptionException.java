package io.ethfollow.store;

/**
 * Stored data is damaged: RocksDB found a checksum mismatch or other corruption while reading it
 * (a flipped bit on disk, a torn file), or the bytes do not decode as what the schema says they
 * are.
 * Callers treat the entry as unreadable, never as absent data they may silently overwrite: peers
 * are answered as if the block were missing, an RPC client gets an error, {@code ethfollow verify}
 * lists it and {@code ethfollow db repair} drops it so sync fetches it again.
 */
public final class StoreCorruptionException extends StoreException {
  private final String family;
  private final String sstFile;

  /**
   * @param family the column family read when RocksDB reported the damage, or null when unknown
   * @param sstFile the table file RocksDB named in its error (e.g. {@code 000021.sst}), or null
   */
  public StoreCorruptionException(String message, Throwable cause, String family, String sstFile) {
    super(message, cause);
    this.family = family;
    this.sstFile = sstFile;
  }

  public StoreCorruptionException(String message, Throwable cause) {
    this(message, cause, null, null);
  }

  public StoreCorruptionException(String message) {
    this(message, null, null, null);
  }

  /** The column family that was read, or null when unknown. */
  public String family() {
    return family;
  }

  /** The damaged table file RocksDB named, or null when it named none. */
  public String sstFile() {
    return sstFile;
  }
}
