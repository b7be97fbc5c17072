package io.ethfollow.sync;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerId;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.BlockRef;
import io.ethfollow.store.BlockStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the written head and the reorder buffer: verified blocks (bodies and receipts already matched
 * to their headers) wait here until their parent is written, then go to the store in order, as one
 * batch per call, each linked by parent hash and number to the block before it ({@link
 * BlockVerifier#verifyLink}). The store writes a batch and its completed-range checkpoint in one
 * WriteBatch, so "done" always means durable. A block that does not link to the block below it is
 * not written: it is handed back with the peer that sent it. Runs on the scheduler's thread.
 */
final class ChainWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);

  private final BlockStore store;
  private final TreeMap<Long, Verified> buffer = new TreeMap<>();
  private BlockHeader head;

  /** A verified block and the peer whose answers it was built from (penalised if it does not link). */
  record Verified(BlockData block, PeerId from) {}

  /** A buffered block that did not link to its parent; {@code atHead} when the parent is our written head. */
  record Unlinked(long number, PeerId from, boolean atHead) {}

  ChainWriter(BlockStore store) {
    this.store = store;
    this.head = store.localHead().flatMap(r -> store.header(r.hash())).orElseThrow(
        () -> new IllegalStateException("the store holds no block to follow from (set an anchor first)"));
  }

  BlockHeader head() {
    return head;
  }

  BlockRef headRef() {
    return new BlockRef(head.number(), head.hash());
  }

  int buffered() {
    return buffer.size();
  }

  /** Hash of block {@code number} if we know it: written (canonical) or verified in the buffer. */
  Hash knownHash(long number) {
    if (number <= head.number()) {
      return store.canonicalHash(number).orElse(null);
    }
    Verified v = buffer.get(number);
    return v == null ? null : v.block().hash();
  }

  void add(Verified v) {
    if (v.block().number() > head.number()) {
      buffer.put(v.block().number(), v);
    }
  }

  /**
   * Writes every buffered block that continues the written head, in one batch. Returns the first block
   * that failed to link (removed from the buffer), or null.
   */
  Unlinked writeReady() {
    List<BlockData> batch = new ArrayList<>();
    BlockHeader parent = head;
    Unlinked unlinked = null;
    while (!buffer.isEmpty() && buffer.firstKey() == parent.number() + 1) {
      Verified v = buffer.pollFirstEntry().getValue();
      if (!BlockVerifier.verifyLink(parent, v.block().header()).passed()) {
        unlinked = new Unlinked(v.block().number(), v.from(), parent == head);
        break;
      }
      batch.add(v.block());
      parent = v.block().header();
    }
    if (!batch.isEmpty()) {
      store.writeBlocks(batch);
      head = parent;
      LOG.atDebug()
          .setMessage("blocks written")
          .addKeyValue("event", "blocks_written")
          .addKeyValue("from", batch.get(0).number())
          .addKeyValue("to", head.number())
          .log();
    }
    return unlinked;
  }

  /** Rolls the store and the buffer back to {@code number} (atomically in the store). */
  void rollbackTo(long number) {
    store.rollbackTo(number);
    buffer.clear();
    head = store.header(number).orElseThrow();
  }

  /** Removes and returns the buffered blocks from {@code number} up (their work must be redone). */
  List<Verified> dropBufferedFrom(long number) {
    Map<Long, Verified> tail = buffer.tailMap(number, true);
    List<Verified> dropped = new ArrayList<>(tail.values());
    tail.clear();
    return dropped;
  }
}
