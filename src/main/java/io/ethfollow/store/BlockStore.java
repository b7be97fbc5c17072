package io.ethfollow.store;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.wire.serve.ChainReader;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The port through which the sync engine writes verified blocks and through which peers' requests
 * (as a {@link ChainReader} for {@code RequestServer}), the status endpoint and {@code ethfollow
 * verify} read them.
 *
 * <p>Threads: all write methods ({@link #writeBlock}, {@link #writeBlocks}, {@link #setSyncStart},
 * {@link #rollbackTo}, peer-cache writes, {@link #flush}) are called from ONE writer thread (the sync
 * engine). Read methods may be called from any thread at any time while the store is open; a reader
 * never sees half of a write: a block, its indexes and the progress record that covers it become
 * visible together. {@link #close} is called once, by the owner, after the writer has stopped.
 *
 * <p>Damage: a read that meets damaged data (RocksDB reports a checksum mismatch) throws a {@link
 * StoreCorruptionException} (a {@link StoreException}; nothing RocksDB-specific leaks), which the
 * JSON-RPC maps to an error; the serving methods of {@link ChainReader} answer such a block as
 * missing instead. Either way the store logs the damaged entry once and counts it ({@link
 * #damage()}).
 *
 * <p>Durability: each write is acknowledged once it is in RocksDB's write-ahead log in the OS page
 * cache. A process crash ({@code kill -9}) after that loses nothing; a power loss or kernel crash may
 * lose the last acknowledged writes but never leaves a partial one (WAL point-in-time recovery).
 */
public interface BlockStore extends ChainReader, AutoCloseable {

  /** The chain this store belongs to (from its metadata). */
  ChainIdentity identity();

  // ---- writes (writer thread only) ------------------------------------------------------------

  /**
   * Stores one verified block (header, body, receipts, canonical entry, tx index) and the progress
   * record that marks it complete, in one atomic write.
   *
   * @throws IllegalStateException if no sync start is set, or a different block is already canonical
   *     at that number (roll back first)
   */
  void writeBlock(BlockData block);

  /** Like {@link #writeBlock} for many blocks (any order, gaps allowed), in ONE atomic write. */
  void writeBlocks(List<BlockData> blocks);

  /**
   * Sets the first block this node syncs from ({@code --start-block}); contiguity and rollback limits
   * are measured from it. Persisted at once.
   */
  void setSyncStart(long number);

  /**
   * Records that this store has caught up with the network once (fast sync finished or follow mode
   * entered). Persisted at once; idempotent. A store without the mark resumes a fast sync even when
   * its stored blocks happen to be contiguous.
   */
  void markCaughtUp();

  /**
   * Atomically removes every canonical block above {@code number} (headers, bodies, receipts, tx
   * index) and trims the progress record to match. No-op when nothing is stored above it.
   *
   * @throws RollbackRefusedException if {@code number} is below the sync start
   */
  void rollbackTo(long number);

  /** Writes memtables and the WAL to disk; used before a clean stop. */
  void flush();

  // ---- progress ---------------------------------------------------------------------------------

  /** The sync start block, if one was set. */
  OptionalLong syncStart();

  /** Whether {@link #markCaughtUp} was ever called on this store. */
  boolean caughtUp();

  /** Every completely stored block, as merged ranges. */
  RangeSet completedRanges();

  /**
   * Highest N such that every block from the sync start to N is stored; empty when no sync start is
   * set or the start block itself is missing.
   */
  OptionalLong contiguousHead();

  /** Highest stored canonical block, which may lie above a hole during fast sync. */
  Optional<BlockRef> localHead();

  // ---- reads (any thread) -----------------------------------------------------------------------

  Optional<Hash> canonicalHash(long number);

  Optional<BlockHeader> header(Hash hash);

  Optional<BlockHeader> header(long number);

  /** Raw header RLP by hash, as stored (for serving without re-encoding). */
  Optional<byte[]> headerRlp(Hash hash);

  /** Headers following eth GetBlockHeaders semantics, stopping at the first missing one. */
  List<BlockHeader> headers(HeaderQuery query, int maxCount);

  Optional<byte[]> body(Hash hash);

  Optional<byte[]> receipts(Hash hash);

  /**
   * The transaction hashes of canonical block {@code number} from the tx index, in block order;
   * empty when the block has no index record (the index off, or no such block). Readers that only
   * need hashes skip decoding the body (eth_getLogs).
   */
  Optional<List<Hash>> blockTxHashes(long number);

  /** Where a transaction is in the canonical chain; empty also when the tx index is off. */
  Optional<TxLocation> transaction(Hash txHash);

  /**
   * Visits canonical blocks from {@code fromNumber} upwards in number order until the visitor
   * returns false or the chain ends. Holes (fast sync) are skipped: numbers may jump.
   */
  void forEachCanonical(long fromNumber, CanonicalVisitor visitor);

  StoreStats stats();

  /** What this open store has found damaged so far (reads and RocksDB background errors). */
  StoreDamage damage();

  /**
   * Reads every live table file through and checks every block's checksum (as long as reading the
   * whole store takes); a damaged file is listed, never thrown.
   */
  List<SstFileCheck> checkFiles();

  // ---- peer cache (opaque records keyed by node id) ---------------------------------------------

  void putPeer(byte[] nodeId, byte[] record);

  void deletePeer(byte[] nodeId);

  Optional<byte[]> peer(byte[] nodeId);

  /** Every cached peer record: node id to record. */
  List<PeerRecord> peers();

  // ---- serving peers (wire.serve.ChainReader): stored bytes as they are ------------------------
  // A damaged entry is answered as missing: the peer asks another node, and the store has logged
  // and counted the damage already.

  @Override
  default Optional<byte[]> headerByNumber(long number) {
    return servingRead(() -> canonicalHash(number).flatMap(this::headerRlp));
  }

  @Override
  default Optional<byte[]> headerByHash(Hash hash) {
    return servingRead(() -> headerRlp(hash));
  }

  @Override
  default boolean isCanonical(long number, Hash hash) {
    return servingRead(() -> canonicalHash(number)).map(hash::equals).orElse(false);
  }

  @Override
  default Optional<byte[]> bodyByHash(Hash hash) {
    return servingRead(() -> body(hash));
  }

  @Override
  default Optional<byte[]> receiptsByHash(Hash hash) {
    return servingRead(() -> receipts(hash));
  }

  /** {@code read}, with damaged data answered as absent. */
  private static <T> Optional<T> servingRead(java.util.function.Supplier<Optional<T>> read) {
    try {
      return read.get();
    } catch (StoreCorruptionException e) {
      return Optional.empty();
    }
  }

  /** Closes the store; the writer must have stopped. Flushes first when writable. Idempotent. */
  @Override
  void close();

  /** Receives canonical blocks during {@link #forEachCanonical}. */
  @FunctionalInterface
  interface CanonicalVisitor {
    /** Returns false to stop the walk. */
    boolean visit(StoredBlock block);
  }

  /** One peer-cache entry. */
  record PeerRecord(byte[] nodeId, byte[] record) {}
}
