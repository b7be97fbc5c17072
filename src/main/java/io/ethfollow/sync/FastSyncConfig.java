package io.ethfollow.sync;

import java.time.Duration;

/**
 * Tunables of fast sync (the first sync of a data dir). {@link #defaults()} says why each value.
 *
 * @param start the first block a fresh data dir syncs from
 * @param targetQuorum distinct peers that must serve the same header at the target height
 * @param targetGrace how long after the first peer appears fast sync waits for {@code targetQuorum}
 *     peers before settling for a majority of the peers it has
 * @param minGap a fresh store whose anchor is at most this far below the target follows instead
 * @param headerBatch headers asked per backward request
 * @param headerRequests backward header requests in flight at once
 * @param settleForMajority whether, after {@code targetGrace}, a majority of fewer than {@code
 *     targetQuorum} peers may agree the target: only when the operator chose every peer (discovery
 *     off, static peers); with discovery on, fast sync waits for the full quorum
 */
public record FastSyncConfig(
    StartBlock start, int targetQuorum, Duration targetGrace, int minGap, int headerBatch, int headerRequests,
    boolean settleForMajority) {

  public FastSyncConfig {
    if (targetQuorum < 1 || minGap < 0 || headerBatch < 1 || headerRequests < 1) {
      throw new IllegalArgumentException("targetQuorum, headerBatch, headerRequests >= 1; minGap >= 0");
    }
  }

  /**
   * <ul>
   *   <li>start {@code head-10000}: see {@link StartBlock#DEFAULT}.
   *   <li>quorum 3 (DESIGN §4): one or two lying peers cannot choose the chain we anchor to.
   *   <li>grace 5 s: with only static peers (a devnet, a private network) and fewer than three of
   *       them, a majority of those agrees the target after 5 s rather than never; with discovery on
   *       fast sync waits for three (on mainnet they answer within seconds).
   *   <li>min gap 1024 blocks: follow mode catches up that much in order within a minute; the quorum
   *       round and backward linking only pay off above it.
   *   <li>1024 headers per request: the most a peer serves in one answer (DESIGN §3), ~600 KB.
   *   <li>2 header requests in flight: linking is sequential, so a second request hides one round trip;
   *       more would take peers away from bodies and receipts, the bulk of the bytes.
   * </ul>
   */
  public static FastSyncConfig defaults() {
    return new FastSyncConfig(StartBlock.DEFAULT, 3, Duration.ofSeconds(5), 1024, 1024, 2, false);
  }

  /**
   * Never fast-sync a store that holds its anchor: follow catches up from it, in order, however far
   * behind (the simulator's follow scenarios, which start from an anchor far below the network).
   */
  public static FastSyncConfig followOnly() {
    return defaults().withMinGap(Integer.MAX_VALUE);
  }

  public FastSyncConfig withStart(StartBlock s) {
    return new FastSyncConfig(s, targetQuorum, targetGrace, minGap, headerBatch, headerRequests, settleForMajority);
  }

  public FastSyncConfig withTargetQuorum(int q) {
    return new FastSyncConfig(start, q, targetGrace, minGap, headerBatch, headerRequests, settleForMajority);
  }

  public FastSyncConfig withMinGap(int gap) {
    return new FastSyncConfig(start, targetQuorum, targetGrace, gap, headerBatch, headerRequests, settleForMajority);
  }

  /** The operator chose every peer (no discovery): after the grace period a majority of them may agree. */
  public FastSyncConfig withSettleForMajority(boolean settle) {
    return new FastSyncConfig(start, targetQuorum, targetGrace, minGap, headerBatch, headerRequests, settle);
  }
}
