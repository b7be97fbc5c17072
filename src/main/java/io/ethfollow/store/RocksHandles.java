package io.ethfollow.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Logger;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.LoggerFactory;

/**
 * Owns one open RocksDB instance and every native object it needs (options, cache, filter, column
 * family handles, logger) and closes them all, in the order RocksDB requires. Created and closed by
 * {@link RocksBlockStore}; the handles are used from any thread while open.
 */
final class RocksHandles implements AutoCloseable {
  /** How a database is opened. */
  enum Mode {
    /** Create the database and every missing column family. */
    CREATE,
    /** Open an existing database for writing; create our column families if missing. */
    READ_WRITE,
    /** Open without the write lock and without creating or changing any file. */
    READ_ONLY,
    /**
     * A secondary instance beside a running primary (RocksDB's secondary mode): reads, and catches
     * up with the primary's writes on request; its own info log goes to a temporary directory.
     */
    SECONDARY
  }

  static {
    RocksDB.loadLibrary();
  }

  /**
   * Bloom filter bits per key: 10 gives ~1% false positives, so a lookup of a block we do not have
   * (peers ask for those all the time) almost never reads an SST block; costs ~1.25 bytes per key.
   */
  private static final double BLOOM_BITS_PER_KEY = 10;

  /** Two background jobs (one flush, one compaction) match the 2-core target machine. */
  private static final int BACKGROUND_JOBS = 2;

  /** RocksDB's own LOG file in the data dir: 3 files of 8 MiB keep recent history bounded. */
  private static final long LOG_FILE_BYTES = 8L << 20;

  private static final long LOG_FILES_KEPT = 3;

  /**
   * WAL bytes after which the column family holding the oldest live WAL is flushed. Families that
   * are rarely written (meta, checkpoints, peers) would otherwise keep every WAL file alive.
   */
  private static final long MAX_TOTAL_WAL_BYTES = 512L << 20;

  final RocksDB db;
  private final Map<String, ColumnFamilyHandle> families;
  private final List<ColumnFamilyHandle> handleList;
  /** Native objects closed after the database, in reverse order of creation. */
  private final List<AutoCloseable> resources;

  private RocksHandles(
      RocksDB db,
      Map<String, ColumnFamilyHandle> families,
      List<ColumnFamilyHandle> handleList,
      List<AutoCloseable> resources) {
    this.db = db;
    this.families = families;
    this.handleList = handleList;
    this.resources = resources;
  }

  /** The column family names stored in the database at {@code dir} (reads the MANIFEST only). */
  static List<String> listFamilies(Path dir) throws RocksDBException {
    List<AutoCloseable> resources = new ArrayList<>();
    try (org.rocksdb.Options options = new org.rocksdb.Options()) {
      Logger quiet = quietLogger();
      resources.add(quiet);
      options.setLogger(quiet);
      List<String> names = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
        names.add(new String(name, java.nio.charset.StandardCharsets.UTF_8));
      }
      return names;
    } finally {
      closeAll(resources);
    }
  }

  /**
   * Opens {@code dir} with the given families (which must include every family already in the
   * database unless {@code mode} is read-only).
   */
  static RocksHandles open(Path dir, List<String> familyNames, StoreOptions opts, Mode mode)
      throws RocksDBException {
    return open(dir, familyNames, opts, mode, null);
  }

  /**
   * As {@link #open(Path, List, StoreOptions, Mode)}, with a listener for RocksDB's background
   * errors (ignored read-only, where nothing runs in the background); the handles close it.
   */
  static RocksHandles open(
      Path dir, List<String> familyNames, StoreOptions opts, Mode mode,
      AbstractEventListener listener) throws RocksDBException {
    List<AutoCloseable> resources = new ArrayList<>();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      LRUCache cache = add(resources, new LRUCache(opts.blockCacheBytes()));
      BloomFilter bloom = add(resources, new BloomFilter(BLOOM_BITS_PER_KEY));
      DBOptions dbOptions = add(resources, new DBOptions());
      dbOptions
          .setCreateIfMissing(mode == Mode.CREATE)
          .setCreateMissingColumnFamilies(mode == Mode.CREATE || mode == Mode.READ_WRITE)
          .setMaxBackgroundJobs(BACKGROUND_JOBS)
          .setDbWriteBufferSize(opts.memtableBudgetBytes())
          .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
          .setKeepLogFileNum(LOG_FILES_KEPT)
          .setMaxLogFileSize(LOG_FILE_BYTES);
      if (listener != null) {
        resources.add(0, listener); // closed last, after the database that calls it
        if (mode == Mode.CREATE || mode == Mode.READ_WRITE) {
          dbOptions.setListeners(List.of(listener));
        }
      }
      if (mode == Mode.READ_ONLY) {
        // Without our own logger RocksDB would create (and rotate) a LOG file in the directory.
        dbOptions.setLogger(add(resources, quietLogger()));
      }
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : familyNames) {
        ColumnFamilyOptions cfOptions = add(resources, new ColumnFamilyOptions());
        BlockBasedTableConfig table = new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setFilterPolicy(bloom)
            .setCacheIndexAndFilterBlocks(true)
            .setPinL0FilterAndIndexBlocksInCache(true);
        cfOptions.setTableFormatConfig(table).setCompressionType(compressionFor(name));
        descriptors.add(new ColumnFamilyDescriptor(
            name.getBytes(java.nio.charset.StandardCharsets.UTF_8), cfOptions));
      }
      RocksDB db;
      if (mode == Mode.READ_ONLY) {
        db = RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles);
      } else if (mode == Mode.SECONDARY) {
        // RocksDB's secondary mode needs every table file open (it cannot reopen them later).
        dbOptions.setMaxOpenFiles(-1);
        Path secondary = java.nio.file.Files.createTempDirectory("ethfollow-secondary-");
        resources.add(0, () -> deleteTree(secondary)); // closed last, after the database
        db = RocksDB.openAsSecondary(
            dbOptions, dir.toString(), secondary.toString(), descriptors, handles);
      } else {
        db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      }
      Map<String, ColumnFamilyHandle> byName = new LinkedHashMap<>();
      for (int i = 0; i < familyNames.size(); i++) {
        byName.put(familyNames.get(i), handles.get(i));
      }
      return new RocksHandles(db, byName, List.copyOf(handles), resources);
    } catch (java.io.IOException e) {
      for (ColumnFamilyHandle h : handles) {
        h.close();
      }
      closeAll(resources);
      throw new RocksDBException("cannot create a directory for the secondary instance: " + e);
    } catch (RocksDBException | RuntimeException e) {
      for (ColumnFamilyHandle h : handles) {
        h.close();
      }
      closeAll(resources);
      throw e;
    }
  }

  /**
   * Block hashes, tx hashes and canonical entries are random bytes that do not compress; headers,
   * bodies and receipts (addresses, zero-padded words, repeated topics) shrink by ~30-50% with LZ4,
   * which costs far less CPU than the Keccak that verified them.
   */
  private static CompressionType compressionFor(String family) {
    if (family.equals(StoreSchema.HEADERS)
        || family.equals(StoreSchema.BODIES)
        || family.equals(StoreSchema.RECEIPTS)) {
      return CompressionType.LZ4_COMPRESSION;
    }
    return CompressionType.NO_COMPRESSION;
  }

  /** A logger that writes no file and forwards only warnings and errors to SLF4J. */
  private static Logger quietLogger() {
    org.slf4j.Logger log = LoggerFactory.getLogger("io.ethfollow.store.rocksdb");
    return new Logger(InfoLogLevel.WARN_LEVEL) {
      @Override
      protected void log(InfoLogLevel level, String message) {
        log.warn("rocksdb {}: {}", level, message);
      }
    };
  }

  private static <T extends AutoCloseable> T add(List<AutoCloseable> list, T resource) {
    list.add(resource);
    return resource;
  }

  ColumnFamilyHandle family(String name) {
    ColumnFamilyHandle h = families.get(name);
    if (h == null) {
      throw new IllegalStateException("column family " + name + " is not open");
    }
    return h;
  }

  List<ColumnFamilyHandle> allFamilies() {
    return handleList;
  }

  List<String> familyNames() {
    return List.copyOf(families.keySet());
  }

  @Override
  public void close() {
    // RocksDB requires column family handles closed before the database, options after it.
    for (ColumnFamilyHandle h : handleList) {
      h.close();
    }
    db.close();
    closeAll(resources);
  }

  /** Removes a directory RocksDB's secondary instance kept its info log in. */
  private static void deleteTree(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  private static void closeAll(List<AutoCloseable> resources) {
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    for (AutoCloseable r : reversed) {
      try {
        r.close();
      } catch (Exception e) {
        // Native handles do not throw on close; nothing useful to do if one does.
      }
    }
  }
}
