package io.ethfollow.store;

import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;

/**
 * Reads one RocksDB table file end to end outside the database and checks the checksum of every
 * block in it (data, index, filter, meta), so a damaged file is found even where no key we look up
 * lands. Stateless; runs on the caller's thread and reads the whole file.
 */
final class SstChecksum {
  private SstChecksum() {}

  /** Why the file at {@code path} fails its checksums, or null when every block is intact. */
  static String failure(Path path) {
    try (Options options = new Options(); SstFileReader reader = new SstFileReader(options)) {
      reader.open(path.toString());
      reader.verifyChecksum();
      return null;
    } catch (RocksDBException e) {
      return String.valueOf(e.getMessage());
    }
  }
}
