package io.ethfollow.devnet;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.network.LocalHead;
import io.ethfollow.store.BlockStore;
import io.ethfollow.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a producer's store at the devnet chain's current head: block n is due at genesis time + n ×
 * block time, so on each tick the producer computes the head that is due now (later by its lag
 * fault, lower by its stale fault), writes the missing blocks (a late start catches up in chunks),
 * follows the reorg schedule, publishes the new {@link LocalHead} for eth Status, and sleeps until
 * the next block is due. Owns the store's writes; every method but {@link #localHead} and
 * {@link #stop} runs on the producer's scheduler thread.
 */
public final class Producer {
  private static final Logger LOG = LoggerFactory.getLogger(Producer.class);

  /**
   * Most blocks written per tick while catching up: about 1-3 s of mainnet-profile generation, so a
   * stop request or a timer is never kept waiting long, and peers see the head move in steps.
   */
  static final long CATCH_UP_STEP = 1024;

  /** Blocks per WriteBatch: 64 mainnet blocks are ~12 MB, a comfortable RocksDB batch. */
  static final int BATCH = 64;

  /** Progress logs at most this often at INFO (a 100 ms devnet must not write 10 lines a second). */
  static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(10);

  private final DevnetChain chain;
  private final FaultSpec faults;
  private final Scheduler scheduler;
  private final ChainAdvancer advancer;
  private final Consumer<BlockHeader> onHead;
  private volatile LocalHead localHead;
  private volatile boolean stopped;
  private long lastProgressLog = Long.MIN_VALUE;

  /**
   * Opens the producer over {@code store} (writing genesis when it is empty). Call before the
   * scheduler runs anything else of the producer.
   *
   * @param onHead told each time the head moves (to announce it to peers); runs on the producer thread
   */
  public Producer(DevnetChain chain, BlockStore store, FaultSpec faults, Scheduler scheduler, Executor workers,
      Consumer<BlockHeader> onHead) {
    this.chain = chain;
    this.faults = faults;
    this.scheduler = scheduler;
    this.onHead = onHead;
    this.advancer = new ChainAdvancer(chain, store, workers, BATCH, new ChainAdvancer.Listener() {
      @Override
      public void onReorg(long point, long base, long droppedHead) {
        LOG.atInfo()
            .setMessage("devnet reorg")
            .addKeyValue("event", "devnet_reorg")
            .addKeyValue("reorgPoint", point)
            .addKeyValue("commonAncestor", base)
            .addKeyValue("droppedHead", droppedHead)
            .log();
      }
    });
    publish(advancer.head());
  }

  /** The head the producer serves: what eth Status announces. Any thread. */
  public LocalHead localHead() {
    return localHead;
  }

  /** The head due at {@code nowMillis} for this producer (with its lag and stale faults). */
  public long targetHead(long nowMillis) {
    long due = chain.params().headAt(nowMillis - faults.lagMillis());
    return Math.max(0, due - faults.staleBlocks());
  }

  /** Starts producing on the scheduler thread. */
  public void start() {
    scheduler.execute(this::tick);
  }

  /** Stops after the current step; safe from any thread. */
  public void stop() {
    stopped = true;
  }

  private void tick() {
    if (stopped) {
      return;
    }
    long now = scheduler.nowMillis();
    long target = targetHead(now);
    long before = advancer.head().number();
    boolean done = advancer.advance(target, CATCH_UP_STEP);
    BlockHeader head = advancer.head();
    if (head.number() != before || !head.hash().equals(localHead.hash())) {
      publish(head);
      onHead.accept(head);
      logProgress(head, target, now);
    }
    if (!done) {
      scheduler.execute(this::tick); // still catching up: the next chunk, after whatever else is queued
      return;
    }
    // targetHead(t) reaches target + 1 once t - lag passes the due time of block target + stale + 1.
    long next = chain.params().dueMillis(target + faults.staleBlocks() + 1) + faults.lagMillis();
    scheduler.schedule(Duration.ofMillis(Math.max(1, next - now)), this::tick);
  }

  private void publish(BlockHeader head) {
    localHead = new LocalHead(head.number(), head.hash(), head.timestamp(), 0);
  }

  private void logProgress(BlockHeader head, long target, long now) {
    if (lastProgressLog != Long.MIN_VALUE && now - lastProgressLog < PROGRESS_LOG_INTERVAL.toMillis()) {
      LOG.atDebug().setMessage("devnet head").addKeyValue("event", "devnet_head")
          .addKeyValue("head", head.number()).addKeyValue("hash", head.hash().toHex()).log();
      return;
    }
    lastProgressLog = now;
    LOG.atInfo()
        .setMessage(head.number() < target ? "devnet catching up" : "devnet head")
        .addKeyValue("event", "devnet_head")
        .addKeyValue("head", head.number())
        .addKeyValue("hash", head.hash().toHex())
        .addKeyValue("target", target)
        .log();
  }
}
