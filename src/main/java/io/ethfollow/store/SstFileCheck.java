package io.ethfollow.store;

/**
 * One live RocksDB table file of a store and whether every block of it passed its checksum.
 *
 * @param file the file name in the data directory, e.g. {@code 000021.sst}
 * @param family the column family it belongs to
 * @param level its LSM level (0 = freshly flushed)
 * @param bytes its size
 * @param error why it failed the check, or null when every block is intact
 */
public record SstFileCheck(String file, String family, int level, long bytes, String error) {
  public boolean damaged() {
    return error != null;
  }
}
