package io.ethfollow.store;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.rlp.RlpException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link BlockStore} on RocksDB (layout in {@link StoreSchema}). Owns the database handles and the
 * in-memory copy of the progress record (sync start and completed ranges), which it publishes only
 * after the batch that persisted it is written.
 *
 * <p>Threads: one writer thread (the sync engine) calls the write methods; any thread may read.
 * {@link #close} waits for in-flight calls and then fails later ones with a {@link StoreException},
 * so a status request racing shutdown never touches a freed native handle.
 *
 * <p>Durability: writes use {@code sync=false} with the WAL on. A batch is acknowledged once it is in
 * the WAL in the OS page cache, so {@code kill -9} of the process loses no acknowledged batch; a
 * power loss may drop the last ones but RocksDB recovers to a consistent point, and because blocks
 * and the ranges record share a batch, the ranges never claim a block that is absent.
 */
public final class RocksBlockStore implements BlockStore {
  private final String dir;
  private final RocksHandles handles;
  private final StoredMeta meta;
  private final boolean readOnly;
  private final boolean txIndex;
  private final WriteOptions writeOptions;
  private final DamageLedger ledger;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final ColumnFamilyHandle headers;
  private final ColumnFamilyHandle bodies;
  private final ColumnFamilyHandle receipts;
  private final ColumnFamilyHandle canonical;
  private final ColumnFamilyHandle txindex;
  private final ColumnFamilyHandle blocktxs;
  private final ColumnFamilyHandle checkpoints;
  private final ColumnFamilyHandle peers;

  /** Guarded by the writer thread for writes; volatile so readers see the latest published value. */
  private volatile RangeSet ranges;
  private volatile OptionalLong syncStart;
  private volatile boolean caughtUp;
  private boolean closed;

  private RocksBlockStore(
      Path dir, StoreOpener.Opened opened, StoreOptions options, DamageLedger ledger) {
    this.dir = dir.toString();
    this.ledger = ledger;
    this.handles = opened.handles();
    this.meta = opened.meta();
    this.readOnly = opened.readOnly();
    this.txIndex = options.txIndex();
    // sync=false, WAL on: survives a process crash; see the class comment.
    this.writeOptions = new WriteOptions().setSync(false).setDisableWAL(false);
    this.headers = handles.family(StoreSchema.HEADERS);
    this.bodies = handles.family(StoreSchema.BODIES);
    this.receipts = handles.family(StoreSchema.RECEIPTS);
    this.canonical = handles.family(StoreSchema.CANONICAL);
    this.txindex = handles.family(StoreSchema.TXINDEX);
    this.blocktxs = handles.family(StoreSchema.BLOCKTXS);
    this.checkpoints = handles.family(StoreSchema.CHECKPOINTS);
    this.peers = handles.family(StoreSchema.PEERS);
    try {
      this.syncStart = readSyncStart();
      this.caughtUp = handles.db.get(checkpoints, StoreSchema.CHECKPOINT_CAUGHT_UP) != null;
      this.ranges = readRanges();
    } catch (RocksDBException e) {
      closeHandles();
      throw wrap("read checkpoint", e);
    } catch (RuntimeException e) {
      closeHandles();
      throw e;
    }
  }

  private OptionalLong readSyncStart() throws RocksDBException {
    byte[] start = handles.db.get(checkpoints, StoreSchema.CHECKPOINT_SYNC_START);
    return start == null
        ? OptionalLong.empty()
        : OptionalLong.of(StoreCodec.readLong(start, "sync start"));
  }

  private RangeSet readRanges() throws RocksDBException {
    byte[] bytes = handles.db.get(checkpoints, StoreSchema.CHECKPOINT_RANGES);
    return bytes == null ? RangeSet.EMPTY : StoreCodec.readRanges(bytes);
  }

  private void closeHandles() {
    writeOptions.close();
    handles.close();
  }

  /**
   * Opens the store in {@code dir} for {@code expected}, creating it when the directory is absent or
   * empty.
   *
   * @throws StoreIdentityException the directory holds another chain's store (left untouched)
   * @throws NotAStoreException the directory holds something else (left untouched)
   * @throws SchemaVersionException the store has a schema this build cannot read
   */
  public static RocksBlockStore open(Path dir, ChainIdentity expected) {
    return open(dir, expected, StoreOptions.defaults());
  }

  public static RocksBlockStore open(Path dir, ChainIdentity expected, StoreOptions options) {
    DamageLedger ledger = new DamageLedger(dir.toString(), false);
    return new RocksBlockStore(
        dir, StoreOpener.openOrCreate(dir, expected, options, ledger), options, ledger);
  }

  /**
   * Opens an existing store whatever chain it holds; the identity comes from its metadata. With
   * {@code readOnly} nothing in the directory is created or changed and every write throws.
   */
  public static RocksBlockStore openExisting(Path dir, boolean readOnly) {
    return openExisting(dir, readOnly, StoreOptions.defaults());
  }

  public static RocksBlockStore openExisting(Path dir, boolean readOnly, StoreOptions options) {
    DamageLedger ledger = new DamageLedger(dir.toString(), readOnly);
    return new RocksBlockStore(
        dir, StoreOpener.openExisting(dir, readOnly, options, ledger), options, ledger);
  }

  /**
   * Opens the store of a running daemon as a secondary instance (read-only; for {@code ethfollow
   * rpc}): {@link #catchUpWithPrimary} brings in what the daemon wrote since.
   */
  public static RocksBlockStore openSecondary(Path dir) {
    StoreOptions options = StoreOptions.defaults();
    DamageLedger ledger = new DamageLedger(dir.toString(), true);
    return new RocksBlockStore(dir, StoreOpener.openSecondary(dir, options), options, ledger);
  }

  /**
   * A secondary instance reads the primary's new writes (RocksDB's tryCatchUpWithPrimary) and the
   * progress records again; any thread, one at a time (readers see the old or the new state).
   */
  public synchronized void catchUpWithPrimary() {
    run("catch up with the primary", () -> {
      handles.db.tryCatchUpWithPrimary();
      syncStart = readSyncStart();
      ranges = readRanges();
      caughtUp = handles.db.get(checkpoints, StoreSchema.CHECKPOINT_CAUGHT_UP) != null;
      return null;
    });
  }

  @Override
  public ChainIdentity identity() {
    return meta.identity();
  }

  /** True when opened with {@code openExisting(dir, true)}. */
  public boolean isReadOnly() {
    return readOnly;
  }

  // ---- writes -----------------------------------------------------------------------------------

  @Override
  public void writeBlock(BlockData block) {
    writeBlocks(List.of(block));
  }

  @Override
  public void writeBlocks(List<BlockData> blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    runWrite("write blocks", () -> {
      requireWritable();
      if (syncStart.isEmpty()) {
        throw new IllegalStateException("set the sync start before writing blocks");
      }
      RangeSet before = ranges;
      RangeSet after = before;
      Map<Long, Hash> inThisBatch = new HashMap<>();
      try (WriteBatch batch = new WriteBatch()) {
        for (BlockData block : blocks) {
          long number = block.number();
          Hash hash = block.hash();
          checkNotReplacing(number, hash, before, inThisBatch);
          byte[] hashKey = hash.toArray();
          byte[] numberKey = StoreCodec.longBytes(number);
          batch.put(headers, hashKey, block.header().rlp());
          batch.put(bodies, hashKey, block.body());
          batch.put(receipts, hashKey, block.receipts());
          batch.put(canonical, numberKey, hashKey);
          if (txIndex) {
            List<Hash> txs = block.txHashes();
            for (int i = 0; i < txs.size(); i++) {
              batch.put(txindex, txs.get(i).toArray(), StoreCodec.txLocation(number, i));
            }
            batch.put(blocktxs, numberKey, StoreCodec.hashList(txs));
          }
          after = after.with(number);
        }
        batch.put(checkpoints, StoreSchema.CHECKPOINT_RANGES, StoreCodec.ranges(after));
        handles.db.write(writeOptions, batch);
      }
      ranges = after;
      return null;
    });
  }

  /** Refuses to overwrite a stored block with a different one: the caller must roll back first. */
  private void checkNotReplacing(long number, Hash hash, RangeSet stored, Map<Long, Hash> batch)
      throws RocksDBException {
    Hash earlier = batch.put(number, hash);
    if (earlier != null && !earlier.equals(hash)) {
      throw new IllegalStateException("two different blocks numbered " + number + " in one write");
    }
    if (stored.contains(number)) {
      byte[] existing = handles.db.get(canonical, StoreCodec.longBytes(number));
      if (existing != null && !Arrays.equals(existing, hash.toArray())) {
        throw new IllegalStateException("block " + number + " is already stored as "
            + Hash.of(existing).toShortHex() + ", not " + hash.toShortHex()
            + "; roll back before writing a different block");
      }
    }
  }

  @Override
  public void setSyncStart(long number) {
    if (number < 0) {
      throw new IllegalArgumentException("sync start must be >= 0, got " + number);
    }
    runWrite("set sync start", () -> {
      requireWritable();
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(checkpoints, StoreSchema.CHECKPOINT_SYNC_START, StoreCodec.longBytes(number));
        handles.db.write(writeOptions, batch);
      }
      syncStart = OptionalLong.of(number);
      return null;
    });
  }

  @Override
  public void markCaughtUp() {
    if (caughtUp) {
      return;
    }
    run("mark caught up", () -> {
      requireWritable();
      handles.db.put(checkpoints, writeOptions, StoreSchema.CHECKPOINT_CAUGHT_UP, new byte[] {1});
      caughtUp = true;
      return null;
    });
  }

  @Override
  public void rollbackTo(long number) {
    runWrite("roll back", () -> {
      requireWritable();
      OptionalLong start = syncStart;
      if (start.isPresent() && number < start.getAsLong()) {
        throw new RollbackRefusedException("refusing to roll back to block " + number
            + ": it is below the sync start " + start.getAsLong()
            + ", and the store keeps every block from there");
      }
      if (number < 0) {
        throw new RollbackRefusedException("refusing to roll back to block " + number);
      }
      RangeSet before = ranges;
      if (before.highest().orElse(-1) <= number) {
        return null;
      }
      RangeSet after = before.withoutAbove(number);
      try (WriteBatch batch = new WriteBatch();
          RocksIterator it = handles.db.newIterator(canonical)) {
        for (it.seek(StoreCodec.longBytes(number + 1)); it.isValid(); it.next()) {
          byte[] numberKey = it.key();
          byte[] hashKey = it.value();
          long blockNumber = StoreCodec.readLong(numberKey, "canonical key");
          batch.delete(headers, hashKey);
          batch.delete(bodies, hashKey);
          batch.delete(receipts, hashKey);
          batch.delete(canonical, numberKey);
          deleteTxIndex(batch, numberKey, blockNumber);
        }
        it.status();
        batch.put(checkpoints, StoreSchema.CHECKPOINT_RANGES, StoreCodec.ranges(after));
        handles.db.write(writeOptions, batch);
      }
      ranges = after;
      return null;
    });
  }

  /** Deletes the tx index entries of one block (only those still pointing at it). */
  private void deleteTxIndex(WriteBatch batch, byte[] numberKey, long blockNumber)
      throws RocksDBException {
    byte[] list = handles.db.get(blocktxs, numberKey);
    if (list == null) {
      return;
    }
    for (byte[] txHash : StoreCodec.readHashList(list)) {
      byte[] location = handles.db.get(txindex, txHash);
      if (location != null && StoreCodec.readTxLocation(location).blockNumber() == blockNumber) {
        batch.delete(txindex, txHash);
      }
    }
    batch.delete(blocktxs, numberKey);
  }

  @Override
  public void flush() {
    runWrite("flush", () -> {
      flushLocked();
      return null;
    });
  }

  private void flushLocked() throws RocksDBException {
    if (readOnly) {
      return;
    }
    handles.db.flushWal(true);
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      handles.db.flush(options, handles.allFamilies());
    }
  }

  /**
   * Compacts every column family now, as RocksDB's background compaction eventually would (tests
   * use it to make a compaction read a damaged file at a known moment).
   */
  void compactAll() {
    runWrite("compact", () -> {
      for (ColumnFamilyHandle cf : handles.allFamilies()) {
        handles.db.compactRange(cf);
      }
      return null;
    });
  }

  // ---- progress ---------------------------------------------------------------------------------

  @Override
  public OptionalLong syncStart() {
    return syncStart;
  }

  @Override
  public boolean caughtUp() {
    return caughtUp;
  }

  @Override
  public RangeSet completedRanges() {
    return ranges;
  }

  /** The completed ranges as persisted in the checkpoints family (tests compare with memory). */
  RangeSet persistedRanges() {
    return run("read checkpoint", this::readRanges);
  }

  @Override
  public OptionalLong contiguousHead() {
    OptionalLong start = syncStart;
    if (start.isEmpty()) {
      return OptionalLong.empty();
    }
    return ranges.rangeContaining(start.getAsLong())
        .map(r -> OptionalLong.of(r.to()))
        .orElse(OptionalLong.empty());
  }

  /** Briefly empty if a rollback removes the head between reading the ranges and its hash. */
  @Override
  public Optional<BlockRef> localHead() {
    RangeSet current = ranges;
    if (current.isEmpty()) {
      return Optional.empty();
    }
    long number = current.highest().getAsLong();
    return canonicalHash(number).map(h -> new BlockRef(number, h));
  }

  // ---- reads ------------------------------------------------------------------------------------

  @Override
  public Optional<Hash> canonicalHash(long number) {
    return run("read canonical hash", StoreSchema.CANONICAL, "block " + number,
        () -> canonicalHash(number, null));
  }

  private Optional<Hash> canonicalHash(long number, ReadOptions read) throws RocksDBException {
    if (number < 0) {
      return Optional.empty();
    }
    byte[] key = StoreCodec.longBytes(number);
    byte[] h = read == null ? handles.db.get(canonical, key) : handles.db.get(canonical, read, key);
    return h == null ? Optional.empty() : Optional.of(StoreCodec.readHash(h, "canonical entry"));
  }

  @Override
  public Optional<BlockHeader> header(Hash hash) {
    return headerRlp(hash).map(rlp -> decodeHeader(rlp, hash));
  }

  @Override
  public Optional<BlockHeader> header(long number) {
    return canonicalHash(number).flatMap(this::header);
  }

  @Override
  public Optional<byte[]> headerRlp(Hash hash) {
    return getByHash("read header", StoreSchema.HEADERS, headers, hash);
  }

  @Override
  public List<BlockHeader> headers(HeaderQuery query, int maxCount) {
    long limit = Math.min(query.amount(), maxCount);
    if (limit <= 0) {
      return List.of();
    }
    return run("read headers", () -> {
      // One snapshot for the whole answer, so a concurrent rollback cannot mix two chains.
      Snapshot snapshot = handles.db.getSnapshot();
      try (ReadOptions read = new ReadOptions().setSnapshot(snapshot)) {
        return readHeaders(query, limit, read);
      } finally {
        handles.db.releaseSnapshot(snapshot);
      }
    });
  }

  private List<BlockHeader> readHeaders(HeaderQuery query, long limit, ReadOptions read)
      throws RocksDBException {
    List<BlockHeader> out = new ArrayList<>();
    long number;
    if (query.originHash() != null) {
      byte[] rlp = handles.db.get(headers, read, query.originHash().toArray());
      if (rlp == null) {
        return out;
      }
      number = decodeHeader(rlp, query.originHash()).number();
      // Only canonical headers are walked from (eth serving semantics).
      if (!canonicalHash(number, read).equals(Optional.of(query.originHash()))) {
        return out;
      }
    } else {
      number = query.originNumber();
    }
    // step = skip + 1, saturating: a huge skip just means "only the origin".
    long step = query.skip() == Long.MAX_VALUE ? Long.MAX_VALUE : query.skip() + 1;
    while (out.size() < limit) {
      Optional<Hash> hash = canonicalHash(number, read);
      if (hash.isEmpty()) {
        break;
      }
      byte[] rlp = handles.db.get(headers, read, hash.get().toArray());
      if (rlp == null) {
        break;
      }
      out.add(decodeHeader(rlp, hash.get()));
      if (query.reverse()) {
        if (number < step) {
          break;
        }
        number -= step;
      } else {
        if (number > Long.MAX_VALUE - step) {
          break;
        }
        number += step;
      }
    }
    return out;
  }

  @Override
  public Optional<byte[]> body(Hash hash) {
    return getByHash("read body", StoreSchema.BODIES, bodies, hash);
  }

  @Override
  public Optional<byte[]> receipts(Hash hash) {
    return getByHash("read receipts", StoreSchema.RECEIPTS, receipts, hash);
  }

  @Override
  public Optional<TxLocation> transaction(Hash txHash) {
    return run("read tx index", StoreSchema.TXINDEX, txHash.toHex(), () -> {
      byte[] v = handles.db.get(txindex, txHash.toArray());
      return v == null ? Optional.empty() : Optional.of(StoreCodec.readTxLocation(v));
    });
  }

  /**
   * The tx hashes the tx index holds for canonical block {@code number}, or empty when the block
   * has no tx-index record (written with the index off). The repair rebuilds the index from it;
   * eth_getLogs takes transaction hashes from it instead of decoding bodies.
   */
  @Override
  public Optional<List<Hash>> blockTxHashes(long number) {
    return run("read block tx list", StoreSchema.BLOCKTXS, "block " + number, () -> {
      byte[] list = handles.db.get(blocktxs, StoreCodec.longBytes(number));
      if (list == null) {
        return Optional.empty();
      }
      List<Hash> out = new ArrayList<>();
      for (byte[] h : StoreCodec.readHashList(list)) {
        out.add(Hash.of(h));
      }
      return Optional.of(out);
    });
  }

  @Override
  public void forEachCanonical(long fromNumber, CanonicalVisitor visitor) {
    run("iterate canonical chain", () -> {
      Snapshot snapshot = handles.db.getSnapshot();
      try (ReadOptions read = new ReadOptions().setSnapshot(snapshot);
          RocksIterator it = handles.db.newIterator(canonical, read)) {
        for (it.seek(StoreCodec.longBytes(Math.max(0, fromNumber))); it.isValid(); it.next()) {
          byte[] hashKey = it.value();
          StoredBlock block = new StoredBlock(
              StoreCodec.readLong(it.key(), "canonical key"),
              StoreCodec.readHash(hashKey, "canonical entry"),
              handles.db.get(headers, read, hashKey),
              handles.db.get(bodies, read, hashKey),
              handles.db.get(receipts, read, hashKey));
          if (!visitor.visit(block)) {
            break;
          }
        }
        it.status();
      } finally {
        handles.db.releaseSnapshot(snapshot);
      }
      return null;
    });
  }

  @Override
  public StoreStats stats() {
    return run("read stats", () -> {
      List<StoreStats.ColumnFamilyStats> families = new ArrayList<>();
      List<String> names = handles.familyNames();
      for (String name : names) {
        ColumnFamilyHandle cf = handles.family(name);
        families.add(new StoreStats.ColumnFamilyStats(
            name,
            property(cf, "rocksdb.estimate-num-keys"),
            property(cf, "rocksdb.total-sst-files-size"),
            property(cf, "rocksdb.estimate-live-data-size"),
            property(cf, "rocksdb.cur-size-all-mem-tables")));
      }
      RangeSet current = ranges;
      return new StoreStats(meta.identity(), meta.schemaVersion(), current.blockCount(),
          current.ranges(), families);
    });
  }

  @Override
  public StoreDamage damage() {
    return ledger.snapshot();
  }

  @Override
  public List<SstFileCheck> checkFiles() {
    return run("check table files", () -> {
      List<SstFileCheck> out = new ArrayList<>();
      for (LiveFileMetaData f : handles.db.getLiveFilesMetaData()) {
        String family = new String(f.columnFamilyName(), StandardCharsets.UTF_8);
        String name = f.fileName().startsWith("/") ? f.fileName().substring(1) : f.fileName();
        out.add(new SstFileCheck(name, family, f.level(), f.size(),
            SstChecksum.failure(Path.of(f.path(), name))));
      }
      out.sort(Comparator.comparing(SstFileCheck::file));
      return out;
    });
  }

  private long property(ColumnFamilyHandle cf, String name) throws RocksDBException {
    return handles.db.getLongProperty(cf, name);
  }

  // ---- peer cache -------------------------------------------------------------------------------

  @Override
  public void putPeer(byte[] nodeId, byte[] record) {
    runWrite("write peer", () -> {
      requireWritable();
      handles.db.put(peers, writeOptions, nodeId, record);
      return null;
    });
  }

  @Override
  public void deletePeer(byte[] nodeId) {
    runWrite("delete peer", () -> {
      requireWritable();
      handles.db.delete(peers, writeOptions, nodeId);
      return null;
    });
  }

  @Override
  public Optional<byte[]> peer(byte[] nodeId) {
    return run("read peer", () -> Optional.ofNullable(handles.db.get(peers, nodeId)));
  }

  @Override
  public List<PeerRecord> peers() {
    return run("read peers", () -> {
      List<PeerRecord> out = new ArrayList<>();
      try (RocksIterator it = handles.db.newIterator(peers)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          out.add(new PeerRecord(it.key(), it.value()));
        }
        it.status();
      }
      return out;
    });
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        flushLocked();
      } catch (RocksDBException e) {
        throw wrap("flush on close", e);
      } finally {
        closeHandles();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private Optional<byte[]> getByHash(
      String what, String family, ColumnFamilyHandle cf, Hash hash) {
    return run(what, family, hash.toHex(),
        () -> Optional.ofNullable(handles.db.get(cf, hash.toArray())));
  }

  private BlockHeader decodeHeader(byte[] rlp, Hash expected) {
    BlockHeader header;
    try {
      header = BlockHeader.decode(rlp);
    } catch (RlpException e) {
      throw new StoreCorruptionException("stored header " + expected.toShortHex()
          + " does not decode: " + e.getMessage(), e);
    }
    if (!header.hash().equals(expected)) {
      throw new StoreCorruptionException("stored header under " + expected.toShortHex()
          + " hashes to " + header.hash().toShortHex());
    }
    return header;
  }

  private void requireWritable() {
    if (readOnly) {
      throw new StoreException("store at " + dir + " is open read-only");
    }
  }

  /** A store operation that may throw RocksDB's checked exception. */
  @FunctionalInterface
  private interface RocksCall<T> {
    T call() throws RocksDBException;
  }

  /** Runs {@code call} while the store is open (close waits for it), mapping RocksDB failures. */
  private <T> T run(String what, RocksCall<T> call) {
    return run(what, "store", what, call);
  }

  /**
   * Runs a write: its failures are never counted as damaged entries. After a background error
   * RocksDB fails every write with that error's status (often a corruption); the message then says
   * why and names the repair.
   */
  private <T> T runWrite(String what, RocksCall<T> call) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreException("store at " + dir + " is closed (" + what + ")");
      }
      return call.call();
    } catch (RocksDBException e) {
      throw wrap(what, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * As {@link #run(String, RocksCall)} for a read of {@code key} in {@code family}: damage found
   * there is recorded in the ledger (logged once per entry) and thrown as a {@link
   * StoreCorruptionException}, never as a bare RocksDB failure.
   */
  private <T> T run(String what, String family, String key, RocksCall<T> call) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreException("store at " + dir + " is closed (" + what + ")");
      }
      return call.call();
    } catch (RocksDBException e) {
      if (DamageLedger.isCorruption(e)) {
        throw ledger.read(family, key, e);
      }
      throw wrap(what, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private StoreException wrap(String what, RocksDBException e) {
    String background = ledger.backgroundError();
    if (background != null) {
      return new StoreException("store at " + dir + ": " + what + " failed because " + background,
          e);
    }
    if (DamageLedger.isCorruption(e)) {
      return new StoreException("store at " + dir + ": " + what + " failed on damaged data: "
          + e.getMessage() + "; " + ledger.repairHint(), e);
    }
    return new StoreException("store at " + dir + ": " + what + " failed: " + e.getMessage(), e);
  }
}
