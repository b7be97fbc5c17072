package io.ethfollow.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Clones a closed RocksDB store into an empty directory the way a RocksDB checkpoint does: table
 * files ({@code *.sst}) are hard-linked, which takes milliseconds whatever their size, and the small
 * files (CURRENT, MANIFEST, OPTIONS, WAL) are copied. RocksDB never modifies a table file once
 * written, so each clone can take writes, compact and delete its own links without touching the
 * original or the other clones: several producers share one prefilled store this way. Falls back
 * to copying when the directories are on different file systems. Stateless; runs on the caller's
 * thread, before any store is opened.
 */
public final class StoreClone {
  /** Recreated by RocksDB on open; its lock must not be shared. */
  private static final String LOCK = "LOCK";
  /** RocksDB's own info logs (LOG, LOG.old.*): history of the original, not needed by a clone. */
  private static final String INFO_LOG = "LOG";

  /** How a clone was made. */
  public enum Method {
    HARD_LINKS,
    COPY
  }

  private StoreClone() {}

  /**
   * Clones {@code source} (a store nobody has open for writing) into {@code target}, which must not
   * exist or be empty.
   */
  public static Method cloneStore(Path source, Path target) {
    try {
      Files.createDirectories(target);
      try (Stream<Path> existing = Files.list(target)) {
        if (existing.findAny().isPresent()) {
          throw new IllegalStateException(target + " is not empty");
        }
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(source)) {
        files = s.filter(Files::isRegularFile).toList();
      }
      Method method = Method.HARD_LINKS;
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.equals(LOCK) || name.startsWith(INFO_LOG)) {
          continue;
        }
        Path to = target.resolve(name);
        if (name.endsWith(".sst") && method == Method.HARD_LINKS) {
          try {
            Files.createLink(to, f);
            continue;
          } catch (FileSystemException | UnsupportedOperationException e) {
            method = Method.COPY; // another file system: copy this and every later file
          }
        }
        Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
      }
      return method;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clone store " + source + " into " + target, e);
    }
  }
}
