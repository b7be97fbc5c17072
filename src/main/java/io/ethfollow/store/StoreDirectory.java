package io.ethfollow.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Tells what a data directory holds before anything opens it, so a foreign directory is refused
 * without a single byte written to it. Stateless; used while opening a store.
 */
final class StoreDirectory {
  /** What a directory holds. */
  enum Kind {
    /** Does not exist. */
    ABSENT,
    /** Exists and is empty: a new store may be created there. */
    EMPTY,
    /** Holds a RocksDB database (it has a CURRENT file); whether it is ours is checked later. */
    ROCKSDB,
    /** Holds other files and no RocksDB database. */
    FOREIGN
  }

  /** RocksDB writes this file when it creates a database; it names the live MANIFEST. */
  private static final String ROCKSDB_MARKER = "CURRENT";

  private StoreDirectory() {}

  static Kind inspect(Path dir) {
    if (!Files.exists(dir)) {
      return Kind.ABSENT;
    }
    if (!Files.isDirectory(dir)) {
      throw new NotAStoreException(dir + " is not an ethfollow store: it is a file, not a directory");
    }
    if (Files.isRegularFile(dir.resolve(ROCKSDB_MARKER))) {
      return Kind.ROCKSDB;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent() ? Kind.FOREIGN : Kind.EMPTY;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
