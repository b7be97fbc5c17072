package io.ethfollow.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories of a store repair and the crash-safe swap that puts the rebuilt store in place.
 * Next to the data dir {@code D}, the repair builds {@code D.repair}; once it is complete (every
 * file synced) it gets a {@link #COMPLETE_MARKER} file. The swap then renames {@code D} to
 * {@code D.damaged} and {@code D.repair} to {@code D}, syncing the parent directory after each
 * rename. A crash leaves one of three states, each of which opens: {@code D} untouched (repair not
 * finished: {@code D.repair} is ignored and rebuilt by the next repair); {@code D} absent with a
 * complete {@code D.repair} (between the renames: {@link #finishInterrupted} does the second rename
 * on the next open); or the repaired {@code D}. Stateless; runs on the caller's thread.
 */
final class RepairSwap {
  private static final Logger LOG = LoggerFactory.getLogger(RepairSwap.class);

  /** Written (and synced) into the rebuilt directory only after every file of it is durable. */
  static final String COMPLETE_MARKER = "REPAIR-COMPLETE";

  private RepairSwap() {}

  /** Where the rebuilt store is built: {@code D.repair}. */
  static Path rebuiltDir(Path dir) {
    return sibling(dir, ".repair");
  }

  /** Where the damaged store is kept after the swap: {@code D.damaged}. */
  static Path damagedDir(Path dir) {
    return sibling(dir, ".damaged");
  }

  private static Path sibling(Path dir, String suffix) {
    Path abs = dir.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + suffix);
  }

  /**
   * Finishes a repair that stopped between its two renames: when {@code dir} is absent and a
   * complete rebuilt store waits next to it, moves it into place. No-op otherwise.
   */
  static void finishInterrupted(Path dir) {
    Path rebuilt = rebuiltDir(dir);
    if (Files.exists(dir) || !Files.isRegularFile(rebuilt.resolve(COMPLETE_MARKER))) {
      return;
    }
    try {
      Files.move(rebuilt, dir.toAbsolutePath().normalize(), StandardCopyOption.ATOMIC_MOVE);
      syncDir(dir.toAbsolutePath().normalize().getParent());
      Files.deleteIfExists(dir.resolve(COMPLETE_MARKER));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the interrupted repair of " + dir, e);
    }
    LOG.atWarn()
        .setMessage("finished an interrupted store repair: moved " + rebuilt + " to " + dir)
        .addKeyValue("event", "store_repair_finished")
        .log();
  }

  /** Clears what an unfinished repair left; refuses to overwrite a kept damaged copy. */
  static void prepare(Path dir) {
    Path damaged = damagedDir(dir);
    if (Files.exists(damaged)) {
      throw new StoreException(damaged + " exists (kept by an earlier repair): delete it, or move"
          + " it away, before repairing " + dir + " again");
    }
    deleteTree(rebuiltDir(dir));
  }

  /** Names RocksDB gives its own files; everything else in a data dir belongs to someone else. */
  private static final java.util.regex.Pattern ROCKSDB_FILE = java.util.regex.Pattern.compile(
      "\\d+\\.(sst|log|blob|dbtmp)|MANIFEST-\\d+|OPTIONS-\\d+(\\.dbtmp)?|CURRENT|IDENTITY|LOCK"
          + "|LOG|LOG\\.old\\.\\d+|" + COMPLETE_MARKER);

  /**
   * Copies the files of the data dir that are not RocksDB's (the daemon's {@code nodekey}, say)
   * into the rebuilt directory, with their permissions, and syncs them; a subdirectory is refused
   * rather than silently left behind.
   */
  static void carryOver(Path dir, Path rebuilt) {
    try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (ROCKSDB_FILE.matcher(name).matches()) {
          continue;
        }
        if (!Files.isRegularFile(p)) {
          throw new StoreException(p + " is not a file RocksDB or ethfollow keeps in a data dir;"
              + " move it out of " + dir + " before repairing");
        }
        Path copy = rebuilt.resolve(name);
        Files.copy(p, copy, StandardCopyOption.COPY_ATTRIBUTES);
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the other files of " + dir, e);
    }
  }

  /** Marks the rebuilt store complete; every file in it must already be durable. */
  static void markComplete(Path rebuilt) {
    Path marker = rebuilt.resolve(COMPLETE_MARKER);
    try (FileChannel ch = FileChannel.open(marker, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker, e);
    }
    syncDir(rebuilt);
  }

  /** Moves the damaged store aside and the rebuilt one into its place; returns the damaged copy. */
  static Path swap(Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    Path damaged = damagedDir(dir);
    try {
      Files.move(target, damaged, StandardCopyOption.ATOMIC_MOVE);
      syncDir(target.getParent());
      Files.move(rebuiltDir(dir), target, StandardCopyOption.ATOMIC_MOVE);
      syncDir(target.getParent());
      Files.deleteIfExists(target.resolve(COMPLETE_MARKER));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the repaired store into " + dir, e);
    }
    return damaged;
  }

  /** fsync of a directory, so a rename or a new file in it survives a power loss. */
  private static void syncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync directory " + dir, e);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
