package io.ethfollow.store;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ethfollow db repair}: rebuilds a damaged store without a resync. Every block the completed
 * ranges claim is read from the old store (opened read-only); a block whose every part (canonical
 * entry, header, body, receipts, tx list) reads intact is copied into a fresh store next to it, in
 * the same atomic writes the sync engine uses, so the new completed ranges hold exactly the copied
 * blocks and every damaged one is a hole that sync fetches and verifies again from peers. The tx
 * index is rebuilt from the tx lists, the peer cache copied as far as it reads, and files of the
 * data dir that are not RocksDB's (the node key) are copied along. The rebuilt store
 * then replaces the old one through {@link RepairSwap} (crash-safe; the damaged copy is kept as
 * {@code DIR.damaged} for the operator to delete). Copying, not deleting in place, is what takes
 * the damaged table file out of the LSM tree: see docs/storage.md. Runs on the caller's thread; the
 * daemon must be stopped (the store's LOCK file is held throughout).
 */
public final class StoreRepair {
  /**
   * A write of this many blocks, or {@link #BATCH_BYTES}, whichever comes first: large enough that
   * per-batch overhead vanishes, small enough that a batch of 2 MB-receipt blocks stays in memory.
   */
  private static final int BATCH_BLOCKS = 256;

  private static final long BATCH_BYTES = 32L << 20;

  /** One block the repair dropped and why. */
  public record DroppedBlock(long number, String hash, String family, String file, String error) {}

  /**
   * What the repair did.
   *
   * @param repaired false when nothing was damaged (the store was left as it was)
   * @param blocksKept blocks copied into the repaired store
   * @param dropped blocks left out (now missing, for sync to fetch again)
   * @param damagedFiles the old store's table files that failed their checksums
   * @param completedRanges the repaired store's completed ranges
   * @param damagedCopy where the old store was kept, or null when nothing was changed
   */
  public record Result(
      boolean repaired,
      long blocksKept,
      List<DroppedBlock> dropped,
      List<SstFileCheck> damagedFiles,
      RangeSet completedRanges,
      Path damagedCopy) {}

  private final Path dir;
  private final StoreOptions options;

  public StoreRepair(Path dir, StoreOptions options) {
    this.dir = dir;
    this.options = options;
  }

  /** Repairs the store in {@code dir}; see the class comment. */
  public Result run() {
    RepairSwap.finishInterrupted(dir);
    if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
      throw new NotAStoreException("no ethfollow store at " + dir);
    }
    try (FileChannel lockFile = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock()) {
      if (lock == null) {
        throw new StoreException("data dir " + dir + " is in use by another process: stop the"
            + " daemon before repairing its store");
      }
      return repairLocked();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + dir.resolve("LOCK"), e);
    }
  }

  private Result repairLocked() {
    RepairSwap.prepare(dir);
    Path rebuilt = RepairSwap.rebuiltDir(dir);
    List<DroppedBlock> dropped = new ArrayList<>();
    List<SstFileCheck> damagedFiles;
    long kept = 0;
    RangeSet ranges;
    try (RocksBlockStore old = RocksBlockStore.openExisting(dir, true, options)) {
      damagedFiles = old.checkFiles().stream().filter(SstFileCheck::damaged).toList();
      try (RocksBlockStore fresh = RocksBlockStore.open(rebuilt, old.identity(),
          options.withTxIndex(true))) {
        if (old.syncStart().isPresent()) {
          fresh.setSyncStart(old.syncStart().getAsLong());
        }
        kept = copyBlocks(old, fresh, dropped);
        copyPeers(old, fresh);
        fresh.flush();
        ranges = fresh.completedRanges();
      }
    } catch (RuntimeException e) {
      RepairSwap.deleteTree(rebuilt);
      throw e;
    }
    if (dropped.isEmpty() && damagedFiles.isEmpty()) {
      RepairSwap.deleteTree(rebuilt);
      return new Result(false, kept, List.of(), List.of(), ranges, null);
    }
    RepairSwap.carryOver(dir, rebuilt);
    RepairSwap.markComplete(rebuilt);
    Path damagedCopy = RepairSwap.swap(dir);
    return new Result(true, kept, List.copyOf(dropped), damagedFiles, ranges, damagedCopy);
  }

  /** Copies every intact block of the old completed ranges; returns how many. */
  private static long copyBlocks(RocksBlockStore old, RocksBlockStore fresh,
      List<DroppedBlock> dropped) {
    long kept = 0;
    List<BlockData> batch = new ArrayList<>();
    long batchBytes = 0;
    for (BlockRange range : old.completedRanges().ranges()) {
      for (long n = range.from(); n <= range.to(); n++) {
        Optional<BlockData> block = readIntact(old, n, dropped);
        if (block.isEmpty()) {
          continue;
        }
        batch.add(block.get());
        batchBytes += block.get().body().length + block.get().receipts().length;
        if (batch.size() >= BATCH_BLOCKS || batchBytes >= BATCH_BYTES) {
          fresh.writeBlocks(batch);
          kept += batch.size();
          batch = new ArrayList<>();
          batchBytes = 0;
        }
      }
    }
    fresh.writeBlocks(batch);
    return kept + batch.size();
  }

  /** Block {@code n} when every part of it reads intact; otherwise records why it is dropped. */
  private static Optional<BlockData> readIntact(RocksBlockStore old, long n,
      List<DroppedBlock> dropped) {
    Hash hash = null;
    try {
      Optional<Hash> canonical = old.canonicalHash(n);
      if (canonical.isEmpty()) {
        dropped.add(new DroppedBlock(n, null, StoreSchema.CANONICAL, null,
            "inside a completed range but not stored"));
        return Optional.empty();
      }
      hash = canonical.get();
      Optional<BlockHeader> header = old.header(hash);
      Optional<byte[]> body = old.body(hash);
      Optional<byte[]> receipts = old.receipts(hash);
      if (header.isEmpty() || body.isEmpty() || receipts.isEmpty()) {
        dropped.add(new DroppedBlock(n, hash.toHex(), header.isEmpty() ? StoreSchema.HEADERS
            : body.isEmpty() ? StoreSchema.BODIES : StoreSchema.RECEIPTS, null,
            "part of the block is not stored"));
        return Optional.empty();
      }
      List<Hash> txs = old.blockTxHashes(n).orElse(List.of());
      return Optional.of(new BlockData(header.get(), body.get(), receipts.get(), txs));
    } catch (StoreCorruptionException e) {
      dropped.add(new DroppedBlock(n, hash == null ? null : hash.toHex(), e.family(),
          e.sstFile(), e.getMessage()));
      return Optional.empty();
    }
  }

  /** The peer cache is a hint, rebuilt by discovery: whatever reads intact is kept. */
  private static void copyPeers(RocksBlockStore old, RocksBlockStore fresh) {
    List<BlockStore.PeerRecord> peers;
    try {
      peers = old.peers();
    } catch (StoreCorruptionException e) {
      return;
    }
    for (BlockStore.PeerRecord p : peers) {
      fresh.putPeer(p.nodeId(), p.record());
    }
  }
}
