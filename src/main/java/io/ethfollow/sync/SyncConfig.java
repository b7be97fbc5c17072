package io.ethfollow.sync;

import java.time.Duration;

/**
 * Tunables of the sync engine. {@link #defaults()} says why each number has its value; {@link
 * #forTests()} keeps the same numbers (the scenarios must prove the production values, not friendlier
 * ones) and exists so tests can change one value with the {@code with*} copies.
 *
 * @param backoffBase first per-(block, peer) backoff after a failure; doubles per further failure
 * @param fastSyncBackoffCap longest per-(block, peer) backoff in fast sync
 * @param followBackoffCap longest per-(block, peer) backoff in follow mode
 * @param escalateAfter failed attempts after which a block moves to the escalation lane
 * @param initialBatch blocks per assignment for a peer we know nothing about
 * @param minBatch smallest batch a peer shrinks to
 * @param maxBatch largest batch a peer grows to
 * @param growAfter consecutive full answers before a peer's batch grows by one
 * @param inFlightDeadline an assignment not settled after this is taken back (a lost future)
 * @param maxAhead blocks above the written head that may be fetched (bounds the reorder buffer)
 * @param headProbeInterval spacing of head probes while a new block is due
 * @param slot expected time between blocks; the head tracker sleeps until the next one is due
 * @param probeLookahead headers asked beyond our head in a probe
 * @param rollbackWindow deepest reorg followed; deeper halts
 * @param reorgQuorum distinct peers that must agree on the new branch before we roll back
 */
public record SyncConfig(
    Duration backoffBase,
    Duration fastSyncBackoffCap,
    Duration followBackoffCap,
    int escalateAfter,
    int initialBatch,
    int minBatch,
    int maxBatch,
    int growAfter,
    Duration inFlightDeadline,
    int maxAhead,
    Duration headProbeInterval,
    Duration slot,
    int probeLookahead,
    int rollbackWindow,
    int reorgQuorum) {

  public SyncConfig {
    if (minBatch < 1 || initialBatch < minBatch || maxBatch < initialBatch || growAfter < 1) {
      throw new IllegalArgumentException("need 1 <= minBatch <= initialBatch <= maxBatch, growAfter >= 1");
    }
    if (escalateAfter < 1 || maxAhead < maxBatch || rollbackWindow < 1 || reorgQuorum < 1) {
      throw new IllegalArgumentException("escalateAfter, rollbackWindow, reorgQuorum >= 1; maxAhead >= maxBatch");
    }
  }

  /**
   * Production values (DESIGN §1.3 and the predecessor's measurements):
   * <ul>
   *   <li>backoff 500 ms doubling: one RTT-scale pause, so a block a peer did not have yet is retried
   *       by that peer within a second, by others at once.
   *   <li>fast-sync cap 120 s: far from the tip a block a peer lacks is history it pruned or a slow
   *       disk; asking it again sooner than every two minutes only wastes its requests.
   *   <li>follow cap 5 s: at the tip a missing block is propagation delay (seconds); with a slot of 12
   *       s, 5 s lets every peer retry each tip block at least twice per slot, and no peer is ever
   *       locked out of a block for a whole slot (the predecessor's 128 s cap deadlocked here).
   *   <li>escalate after 5 failures: five distinct chances (500 ms..8 s of backoff) are enough for a
   *       propagation race; after that the block gets a peer to itself, ahead of normal work.
   *   <li>batch 32, between 1 and 128, +1 after 5 full answers, x0.7 partial, x0.5 failure (the
   *       predecessor's AIMD, which measured well): 128 headers + bodies fit the 2 MiB soft limit of
   *       recent mainnet blocks' bodies only loosely, receipts are larger, so beyond that answers are
   *       cut anyway.
   *   <li>in-flight deadline 3 min: a batch is three requests each bounded by the executor's 20 s
   *       soft timeout; a batch older than that lost its future, and its blocks must not stay hidden.
   *   <li>4096 blocks ahead: 32 peers x 128 blocks; bounds the reorder buffer (~300 MB of mainnet
   *       blocks at the worst) while keeping every peer busy.
   *   <li>probe every 1 s while a block is due, 2 headers beyond our head: a new block is noticed
   *       within a second of a peer having it; one request per second costs nothing.
   *   <li>slot 12 s: Ethereum's slot time; the tracker sleeps until our head's timestamp + one slot.
   *   <li>rollback window 64: two epochs, beyond finality in practice; a deeper reorg needs an
   *       operator (DESIGN §4).
   *   <li>reorg quorum 2: one peer on a minority fork must not move our chain.
   * </ul>
   */
  public static SyncConfig defaults() {
    return new SyncConfig(
        Duration.ofMillis(500),
        Duration.ofSeconds(120),
        Duration.ofSeconds(5),
        5,
        32,
        1,
        128,
        5,
        Duration.ofMinutes(3),
        4096,
        Duration.ofSeconds(1),
        Duration.ofSeconds(12),
        2,
        64,
        2);
  }

  /** The production values: scenarios prove the invariants with the numbers the daemon runs. */
  public static SyncConfig forTests() {
    return defaults();
  }

  /** A copy with other backoff caps (the predecessor's design is 128 s in both). */
  public SyncConfig withBackoffCaps(Duration fastSync, Duration follow) {
    return new SyncConfig(backoffBase, fastSync, follow, escalateAfter, initialBatch, minBatch, maxBatch,
        growAfter, inFlightDeadline, maxAhead, headProbeInterval, slot, probeLookahead, rollbackWindow,
        reorgQuorum);
  }

  /** The backoff cap of {@code mode}. */
  public Duration backoffCap(SyncMode mode) {
    return mode == SyncMode.FAST_SYNC ? fastSyncBackoffCap : followBackoffCap;
  }
}
