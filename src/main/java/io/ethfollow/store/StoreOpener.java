package io.ethfollow.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Decides how to open a data directory and refuses the wrong ones before writing anything: a
 * foreign directory, a RocksDB database without our metadata, a newer schema, or another chain's
 * store is only ever opened read-only (or not at all). Stateless; used by {@link RocksBlockStore}.
 */
final class StoreOpener {
  /** An open database with its checked metadata. */
  record Opened(RocksHandles handles, StoredMeta meta, boolean readOnly) {}

  private StoreOpener() {}

  /** Creates a store for {@code expected} or opens the existing one after checking it. */
  static Opened openOrCreate(
      Path dir, ChainIdentity expected, StoreOptions options, DamageLedger ledger) {
    String where = dir.toString();
    RepairSwap.finishInterrupted(dir);
    try {
      switch (StoreDirectory.inspect(dir)) {
        case ABSENT:
        case EMPTY:
          return create(dir, expected, options, ledger);
        case FOREIGN:
          throw foreign(where);
        default:
          List<String> existing = checkedFamilies(dir);
          StoredMeta meta = probe(dir, options);
          if (!meta.identity().sameChainAs(expected)) {
            throw new StoreIdentityException(where, meta.identity(), expected);
          }
          return new Opened(openWritable(dir, existing, options, ledger), meta, false);
      }
    } catch (RocksDBException e) {
      throw wrap(where, e);
    }
  }

  /**
   * Opens an existing store whatever its chain (for {@code verify} and {@code db stats}). A repair
   * that was interrupted after the old store was moved aside is finished first (the one rename it
   * lacks), so even a read-only open finds the repaired store.
   */
  static Opened openExisting(
      Path dir, boolean readOnly, StoreOptions options, DamageLedger ledger) {
    String where = dir.toString();
    RepairSwap.finishInterrupted(dir);
    try {
      switch (StoreDirectory.inspect(dir)) {
        case ABSENT:
        case EMPTY:
          throw new NotAStoreException("no ethfollow store at " + where + " (directory "
              + (Files.exists(dir) ? "is empty" : "does not exist") + ")");
        case FOREIGN:
          throw foreign(where);
        default:
          List<String> existing = checkedFamilies(dir);
          if (readOnly) {
            if (!existing.containsAll(StoreSchema.FAMILIES)) {
              List<String> missing = new ArrayList<>(StoreSchema.FAMILIES);
              missing.removeAll(existing);
              throw new SchemaVersionException("store at " + where
                  + " lacks column families " + missing + " of schema " + StoreSchema.VERSION);
            }
            RocksHandles handles =
                RocksHandles.open(dir, StoreSchema.FAMILIES, options, RocksHandles.Mode.READ_ONLY);
            try {
              StoredMeta meta =
                  StoredMeta.read(handles.db, handles.family(StoreSchema.META), where);
              return new Opened(handles, meta, true);
            } catch (RocksDBException | RuntimeException e) {
              handles.close();
              throw e;
            }
          }
          StoredMeta meta = probe(dir, options);
          return new Opened(openWritable(dir, existing, options, ledger), meta, false);
      }
    } catch (RocksDBException e) {
      throw wrap(where, e);
    }
  }

  /**
   * Opens an existing store as a secondary instance beside the daemon that writes it (for {@code
   * ethfollow rpc}): reads only, and sees the daemon's writes after each {@code
   * tryCatchUpWithPrimary}.
   */
  static Opened openSecondary(Path dir, StoreOptions options) {
    String where = dir.toString();
    try {
      if (StoreDirectory.inspect(dir) != StoreDirectory.Kind.ROCKSDB) {
        throw new NotAStoreException("no ethfollow store at " + where);
      }
      RocksHandles handles =
          RocksHandles.open(dir, StoreSchema.FAMILIES, options, RocksHandles.Mode.SECONDARY);
      try {
        StoredMeta meta = StoredMeta.read(handles.db, handles.family(StoreSchema.META), where);
        return new Opened(handles, meta, true);
      } catch (RocksDBException | RuntimeException e) {
        handles.close();
        throw e;
      }
    } catch (RocksDBException e) {
      throw wrap(where, e);
    }
  }

  private static Opened create(
      Path dir, ChainIdentity identity, StoreOptions options, DamageLedger ledger)
      throws RocksDBException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + dir, e);
    }
    RocksHandles handles = RocksHandles.open(dir, StoreSchema.FAMILIES, options,
        RocksHandles.Mode.CREATE, new BackgroundErrorListener(ledger));
    StoredMeta meta = new StoredMeta(StoreSchema.VERSION, identity);
    // Synced: the identity must be on disk before any block is, so a crash cannot leave a store
    // with blocks but no identity.
    try (WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
      meta.writeTo(batch, handles.family(StoreSchema.META));
      handles.db.write(sync, batch);
    } catch (RocksDBException | RuntimeException e) {
      handles.close();
      throw e;
    }
    return new Opened(handles, meta, false);
  }

  /** The families in the database; refuses one without our meta family. */
  private static List<String> checkedFamilies(Path dir) throws RocksDBException {
    List<String> existing = RocksHandles.listFamilies(dir);
    if (!existing.contains(StoreSchema.META)) {
      throw new NotAStoreException(dir + " is not an ethfollow store: it is a RocksDB database"
          + " without the ethfollow meta column family");
    }
    return existing;
  }

  /** Reads the metadata through a read-only open, which changes no file in the directory. */
  private static StoredMeta probe(Path dir, StoreOptions options) throws RocksDBException {
    List<String> families = List.of(StoreSchema.DEFAULT, StoreSchema.META);
    try (RocksHandles handles =
        RocksHandles.open(dir, families, options, RocksHandles.Mode.READ_ONLY)) {
      return StoredMeta.read(handles.db, handles.family(StoreSchema.META), dir.toString());
    }
  }

  /** RocksDB must open every family already present; ours that are missing are created. */
  private static RocksHandles openWritable(
      Path dir, List<String> existing, StoreOptions options, DamageLedger ledger)
      throws RocksDBException {
    Set<String> all = new LinkedHashSet<>(StoreSchema.FAMILIES);
    all.addAll(existing);
    return RocksHandles.open(dir, new ArrayList<>(all), options, RocksHandles.Mode.READ_WRITE,
        new BackgroundErrorListener(ledger));
  }

  private static NotAStoreException foreign(String where) {
    return new NotAStoreException(where + " is not an ethfollow store: the directory is not empty"
        + " and holds no RocksDB database");
  }

  private static StoreException wrap(String where, RocksDBException e) {
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("lock") || msg.contains("LOCK")) {
      return new StoreException("data dir " + where + " is in use by another process: " + msg, e);
    }
    if (DamageLedger.isCorruption(e)) {
      return new StoreCorruptionException("cannot open store at " + where + ", it is damaged: "
          + msg + "; run `ethfollow db repair --data-dir " + where + "`", e, null,
          DamageLedger.sstFileIn(msg));
    }
    return new StoreException("cannot open store at " + where + ": " + msg, e);
  }
}
