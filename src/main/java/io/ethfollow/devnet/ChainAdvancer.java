package io.ethfollow.devnet;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.rlp.Rlp;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.BlockStore;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Moves a producer's store to the devnet chain at a given head: writes the blocks it lacks in
 * batches (one WriteBatch each), and where the reorg schedule rewrote blocks it holds, rolls back to
 * the common ancestor first. Used by {@code devnet init --prefill} and by the serving producer.
 * Owns the store's writes: call only from one thread (the store's writer thread).
 */
public final class ChainAdvancer {
  /** What the advancer did, for logs. Called on the writer thread. */
  public interface Listener {
    /** Blocks above {@code base} were dropped because the head reached reorg point {@code point}. */
    default void onReorg(long point, long base, long droppedHead) {}

    /** A batch ending at {@code head} was written. */
    default void onWritten(BlockHeader head, int blocks) {}
  }

  private final DevnetChain chain;
  private final BlockStore store;
  private final Executor workers;
  private final int batchSize;
  private final Listener listener;
  private BlockHeader head;

  /**
   * Opens the advancer on {@code store}, writing the genesis block first when the store is empty.
   *
   * @param workers where block content is generated (in parallel across heights)
   * @param batchSize most blocks per WriteBatch
   */
  public ChainAdvancer(DevnetChain chain, BlockStore store, Executor workers, int batchSize, Listener listener) {
    this.chain = chain;
    this.store = store;
    this.workers = workers;
    this.batchSize = batchSize;
    this.listener = listener;
    if (store.localHead().isEmpty()) {
      writeGenesis();
    }
    long top = store.localHead().orElseThrow().number();
    this.head = store.header(top).orElseThrow(() -> new IllegalStateException("no header for stored head " + top));
  }

  private void writeGenesis() {
    BlockHeader genesis = chain.genesis();
    RlpWriter body = new RlpWriter(8).startList();
    body.startList().endList(); // transactions
    body.startList().endList(); // uncles
    body.startList().endList(); // withdrawals (Shanghai at genesis)
    store.setSyncStart(0);
    store.writeBlock(new BlockData(genesis, body.endList().toByteArray(), Rlp.EMPTY_LIST, List.of()));
  }

  /** The stored head. */
  public BlockHeader head() {
    return head;
  }

  /**
   * Brings the store to the chain whose head is {@code target}, writing at most {@code maxBlocks}
   * blocks (so a long catch-up yields between calls); returns true when the head is at the target.
   */
  public boolean advance(long target, long maxBlocks) {
    ReorgSchedule reorgs = chain.params().reorgs();
    long common = reorgs.commonAncestor(head.number(), target);
    if (common < head.number()) {
      rollback(common, target);
    }
    long written = 0;
    while (head.number() < target && written < maxBlocks) {
      long next = head.number() + 1;
      long point = nextReorgPoint(next);
      if (point <= target && next >= point - reorgs.depth()) {
        // The head passes reorg point `point`: its window is written on the new branch directly,
        // after dropping whatever part of it we hold on the old branch.
        long base = reorgs.forkBase(point);
        if (head.number() > base) {
          listener.onReorg(point, base, head.number());
          rollbackTo(base);
        }
        written += write(point, point);
        continue;
      }
      long end = Math.min(target, next + Math.min(batchSize, maxBlocks - written) - 1);
      if (point <= target) {
        end = Math.min(end, reorgs.forkBase(point));
      } else if (point != Long.MAX_VALUE) {
        end = Math.min(end, point - 1);
      }
      written += write(end, end);
    }
    return head.number() == target;
  }

  private void rollback(long common, long target) {
    listener.onReorg(target, common, head.number());
    rollbackTo(common);
  }

  private void rollbackTo(long number) {
    store.rollbackTo(number);
    head = store.header(number).orElseThrow(() -> new IllegalStateException("no header at " + number));
  }

  /** Writes blocks head+1..end of the chain whose head is {@code chainHead}; returns how many. */
  private int write(long end, long chainHead) {
    List<BlockData> blocks = chain.blocks(head, end, chainHead, workers);
    store.writeBlocks(blocks);
    head = blocks.get(blocks.size() - 1).header();
    listener.onWritten(head, blocks.size());
    return blocks.size();
  }

  /** The first reorg point at or above {@code number}, or Long.MAX_VALUE without reorgs. */
  private long nextReorgPoint(long number) {
    ReorgSchedule r = chain.params().reorgs();
    if (!r.enabled()) {
      return Long.MAX_VALUE;
    }
    return (number + r.every() - 1) / r.every() * r.every();
  }
}
