package io.ethfollow.peer;

import java.time.Duration;

/**
 * Tunables of the {@link PeerPool}. {@link #defaults()} documents why each number has its value;
 * {@link #forTests()} keeps the same time constants but small counts so round tables stay readable.
 *
 * @param targetPeers connected peers the pool dials towards
 * @param maxPeers hard limit including inbound sessions; more are refused with TOO_MANY_PEERS
 * @param maxConcurrentDials dials (TCP + ECIES + Hello + Status) in flight at once
 * @param dialTimeout a dial the shell never reports on is counted as failed after this
 * @param cooldownLow base hold-back for {@link Severity#LOW}
 * @param cooldownMedium base hold-back for {@link Severity#MEDIUM}
 * @param cooldownHigh base hold-back for {@link Severity#HIGH}
 * @param cooldownCap no cooldown lasts longer than this, however many strikes
 * @param banDuration hold-back for {@link Severity#BAN}
 * @param banThreshold reputation (units) at or below which a node is banned
 * @param staticRedialBase first redial delay of a static peer; doubles per failure
 * @param staticRedialCap longest redial delay of a static peer
 * @param staticStableSession a static peer's session that lasted this long resets its redial
 *     backoff; a shorter one counts as a failure
 * @param lastResortInterval minimum spacing of dials to cooling candidates when the pool is empty
 * @param softFailureLimit consecutive soft failures (empty, timeout) that park a connected peer
 * @param staleDistance blocks below the required head beyond which a peer is hopelessly behind
 * @param staleGrace how long such a peer's head must stay unmoved before it is dropped
 * @param headProbeInterval an idle peer whose head was last observed longer ago is probed
 * @param maxCandidates size of the candidate table (non-static entries beyond it are forgotten)
 * @param rttImpact weight of a new RTT sample in the moving average
 * @param initialRtt RTT assumed for a peer before its first answer
 */
public record PoolConfig(
    int targetPeers,
    int maxPeers,
    int maxConcurrentDials,
    Duration dialTimeout,
    Duration cooldownLow,
    Duration cooldownMedium,
    Duration cooldownHigh,
    Duration cooldownCap,
    Duration banDuration,
    int banThreshold,
    Duration staticRedialBase,
    Duration staticRedialCap,
    Duration staticStableSession,
    Duration lastResortInterval,
    int softFailureLimit,
    long staleDistance,
    Duration staleGrace,
    Duration headProbeInterval,
    int maxCandidates,
    double rttImpact,
    Duration initialRtt) {

  public PoolConfig {
    if (targetPeers < 1 || maxPeers < targetPeers || maxConcurrentDials < 1) {
      throw new IllegalArgumentException(
          "need 1 <= targetPeers <= maxPeers and maxConcurrentDials >= 1");
    }
    if (softFailureLimit < 1 || staleDistance < 0 || maxCandidates < targetPeers) {
      throw new IllegalArgumentException("softFailureLimit >= 1, staleDistance >= 0, maxCandidates >= targetPeers");
    }
    if (rttImpact <= 0 || rttImpact > 1) {
      throw new IllegalArgumentException("rttImpact must be in (0, 1]");
    }
  }

  /**
   * Production values:
   * <ul>
   *   <li>25 target peers: follow mode needs a handful of fast peers plus a quorum of 3 for the
   *       fast-sync target; 25 leaves room for history-expired and stale ones without the CPU of
   *       geth's 50 on 2 cores.
   *   <li>50 max peers (geth MaxPeers): inbound peers are welcome up to there.
   *   <li>8 concurrent dials: each costs an ECIES handshake; 8 fills the pool within seconds
   *       without bursts of hundreds of sockets (reth uses 30 on bigger machines).
   *   <li>30 s dial timeout: TCP connect (geth 15 s) plus handshake, Hello and Status.
   *   <li>30 s / 3 min / 15 min cooldowns, cap 1 h (reth's backoff kinds): 30 s is geth's
   *       inbound throttle per IP, so a busy peer is not redialled before it could accept us;
   *       3 min covers a node restart; 15 min keeps a misbehaving peer out for ~75 blocks yet lets
   *       a fixed one back the same hour; 1 h is the longest we keep any non-banned node out.
   *   <li>12 h ban (reth and Teku): a node of another network or with repeated bad data.
   *   <li>ban at -50 units (reth: 50 × 1024): four invalid responses or a dozen timeouts.
   *   <li>static peers: 10 s doubling to 5 min: a restarting local node is back in seconds; an
   *       operator-listed peer is never out for longer than 5 min.
   *   <li>static session stable after 1 min (5 slots): by then it passed Status, head probes and
   *       requests, so it works; a node that accepts us and drops us within seconds (overloaded,
   *       flapping) keeps its failure streak and is redialled 10 s, 20 s, 40 s ... 5 min apart
   *       instead of every 10 s.
   *   <li>10 s last-resort spacing: close to one slot (12 s), so an empty pool recovers within
   *       about a block, while a dead candidate costs at most 6 dials a minute.
   *   <li>3 consecutive soft failures: one empty answer at the tip is propagation delay; three in a
   *       row mean the peer is behind or has pruned the range.
   *   <li>1024 blocks / 2 min stale: 1024 is the most headers one reply can carry (geth, reth);
   *       2 min is 10 slots, more than any missed-slot run of a following node.
   *   <li>12 s probe interval: heads change once per slot, probing faster finds nothing new.
   *   <li>5000 candidates: what the predecessor's peer cache kept; about 1 MB.
   *   <li>RTT impact 0.1 (geth msgrate); 5 s initial RTT (besu's peer task timeout) until measured.
   * </ul>
   */
  public static PoolConfig defaults() {
    return new PoolConfig(
        25,
        50,
        8,
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofMinutes(3),
        Duration.ofMinutes(15),
        Duration.ofHours(1),
        Duration.ofHours(12),
        -50,
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofSeconds(10),
        3,
        1024,
        Duration.ofMinutes(2),
        Duration.ofSeconds(12),
        5000,
        0.1,
        Duration.ofSeconds(5));
  }

  /** Same durations as {@link #defaults()}, 3 target peers, 5 max, 2 concurrent dials, 50 candidates. */
  public static PoolConfig forTests() {
    PoolConfig d = defaults();
    return new PoolConfig(
        3, 5, 2, d.dialTimeout, d.cooldownLow, d.cooldownMedium, d.cooldownHigh, d.cooldownCap,
        d.banDuration, d.banThreshold, d.staticRedialBase, d.staticRedialCap, d.staticStableSession,
        d.lastResortInterval, d.softFailureLimit, d.staleDistance, d.staleGrace,
        d.headProbeInterval, 50, d.rttImpact, d.initialRtt);
  }

  /** A copy with other peer counts. */
  public PoolConfig withPeers(int target, int max, int dials) {
    return new PoolConfig(
        target, max, dials, dialTimeout, cooldownLow, cooldownMedium, cooldownHigh, cooldownCap,
        banDuration, banThreshold, staticRedialBase, staticRedialCap, staticStableSession,
        lastResortInterval, softFailureLimit, staleDistance, staleGrace, headProbeInterval,
        Math.max(maxCandidates, target), rttImpact, initialRtt);
  }

  /** Base duration of a severity (ban excluded: it does not grow). */
  Duration base(Severity s) {
    switch (s) {
      case LOW:
        return cooldownLow;
      case MEDIUM:
        return cooldownMedium;
      case HIGH:
        return cooldownHigh;
      case BAN:
        return banDuration;
      default:
        return Duration.ZERO;
    }
  }
}
