package io.ethfollow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.Hash;
import io.ethfollow.sim.SimChain;
import io.ethfollow.sim.SimNetwork;
import io.ethfollow.sim.SimPeer;
import io.ethfollow.sim.Simulation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fast sync against simulated peers in virtual time: a target agreed by several peers, headers linked
 * backward from it, bodies and receipts from every peer in parallel, written out of order, resumable,
 * then follow mode from the target.
 */
class SimFastSyncTest {
  static final long BASE = 21_000_000;
  static final long T0 = 1_700_000_000_000L;
  static final int BEHIND = 5_000;

  @TempDir Path dir;

  /**
   * 5,000 blocks behind, 8 peers: the engine fast-syncs to a target 64 blocks below the head (the
   * written range has holes while it runs: blocks land out of order from different peers), every
   * peer serves, and once the range is complete follow mode takes over and catches up to the head.
   * Everything stored verifies and links.
   */
  @Test
  void fastSyncFromAnAgreedTargetFillsTheRangeOutOfOrderThenFollows() {
    SimChain chain = SimChain.create(BASE, BEHIND + 200, T0);
    try (SimNetwork net = new SimNetwork(11, chain, dir).peers(8, "honest,lag:40-200")
        .fastSync(FastSyncConfig.defaults())) {
      net.runFor(Duration.ofMillis(BEHIND * SimChain.SLOT_MILLIS));
      net.start();
      boolean sawFastSync = false;
      boolean sawHoles = false;
      long target = -1;
      for (int i = 0; i < 600 && net.controller().mode() != SyncMode.FOLLOW; i++) {
        net.runFor(Duration.ofMillis(100));
        SyncStatus s = net.controller().status();
        if (s.mode() == SyncMode.FAST_SYNC) {
          sawFastSync = true;
          target = s.fastSyncTarget();
          sawHoles |= s.localHead() != null && s.localHead().number() > s.contiguousHead();
        }
      }
      assertThat(sawFastSync).isTrue();
      assertThat(sawHoles).as("blocks written out of order while fast-syncing").isTrue();
      assertThat(target).isEqualTo(BASE + BEHIND - SyncConfig.defaults().rollbackWindow());
      assertThat(net.controller().mode()).isEqualTo(SyncMode.FOLLOW);
      net.runFor(Duration.ofSeconds(60));
      SyncStatus s = net.controller().status();
      assertThat(s.lagBlocks()).isLessThanOrEqualTo(1);
      assertThat(net.store.contiguousHead().orElseThrow()).isEqualTo(s.localHead().number());
      for (SimPeer p : net.peers) {
        assertThat(p.bodiesAsked()).as("every peer got block work").hasSizeGreaterThan(50);
      }
      long[] verified = Simulation.verifyStore(net.store, BASE);
      assertThat(verified[1]).isZero();
      assertThat(verified[0]).isEqualTo(s.localHead().number() - BASE + 1);
    }
  }

  /**
   * One peer on another branch among three honest ones: the target is the honest chain's header
   * (a lone peer cannot choose what we anchor to), and its header answers, which do not link, cost it
   * the connection. Every stored block is the honest chain's.
   */
  @Test
  void aLonePeerOnAnotherBranchCannotChooseTheTarget() {
    SimChain chain = SimChain.create(BASE, 3_000, T0);
    SimChain other = chain.fork(BASE + 100, "liar", 0);
    try (SimNetwork net = new SimNetwork(5, chain, dir).peers(3, "honest").peers(1, "honest")
        .fastSync(FastSyncConfig.defaults())) {
      net.peers.get(3).switchTo(other);
      net.runFor(Duration.ofMillis(2_500 * SimChain.SLOT_MILLIS));
      net.start();
      net.runFor(Duration.ofSeconds(120));
      SyncStatus s = net.controller().status();
      assertThat(s.mode()).isEqualTo(SyncMode.FOLLOW);
      long head = s.localHead().number();
      assertThat(head).isGreaterThan(BASE + 2_400);
      for (long n = BASE + 1; n <= head; n += 97) {
        assertThat(net.store.canonicalHash(n)).contains(chain.header(n).hash());
      }
      assertThat(net.store.canonicalHash(head)).contains(chain.header(head).hash());
      assertThat(Simulation.verifyStore(net.store, BASE)[1]).isZero();
    }
  }

  /**
   * A fast sync stopped half way (the process ends) leaves its completed blocks in the store; the next
   * run agrees on a new target, skips every stored block when planning and linking (checking that the
   * stored blocks are on the new target's chain), asks no peer for any of their bodies again, and
   * finishes with no holes.
   */
  @Test
  void anInterruptedFastSyncResumesWithoutDownloadingStoredBlocksAgain() {
    SimChain chain = SimChain.create(BASE, BEHIND + 400, T0);
    Set<Hash> storedBefore = new HashSet<>();
    long resumeAt;
    try (SimNetwork net = new SimNetwork(21, chain, dir).peers(4, "honest,lag:40-200")
        .fastSync(FastSyncConfig.defaults())) {
      net.runFor(Duration.ofMillis(BEHIND * SimChain.SLOT_MILLIS));
      net.start();
      while (net.store.completedRanges().blockCount() < 2_000) {
        net.runFor(Duration.ofMillis(50));
      }
      assertThat(net.controller().mode()).isEqualTo(SyncMode.FAST_SYNC);
      net.store.forEachCanonical(BASE + 1, b -> storedBefore.add(b.hash()));
      resumeAt = net.scheduler.nowMillis();
    }
    assertThat(storedBefore).hasSizeGreaterThan(1_900);
    try (SimNetwork again = new SimNetwork(22, chain, dir).peers(4, "honest,lag:40-200")
        .fastSync(FastSyncConfig.defaults())) {
      again.runFor(Duration.ofMillis(resumeAt - again.scheduler.nowMillis() + 5 * SimChain.SLOT_MILLIS));
      again.start();
      again.runFor(Duration.ofSeconds(120));
      SyncStatus s = again.controller().status();
      assertThat(s.mode()).isEqualTo(SyncMode.FOLLOW);
      assertThat(again.store.contiguousHead().orElseThrow()).isEqualTo(s.localHead().number());
      for (SimPeer p : again.peers) {
        assertThat(p.bodiesAsked()).doesNotContainAnyElementsOf(storedBefore);
      }
      assertThat(Simulation.verifyStore(again.store, BASE)[1]).isZero();
    }
  }

  /**
   * A fast sync stopped when its stored blocks are contiguous from the start (no holes: here the
   * blocks above its lowest complete range are rolled back, as if the process had ended before they
   * landed) looks like a store that caught up, and resumes as a fast sync, not as follow mode: only
   * a store that caught up once carries the mark that makes a restart follow.
   */
  @Test
  void anInterruptedFastSyncWithContiguousBlocksResumesAsFastSync() {
    SimChain chain = SimChain.create(BASE, BEHIND + 400, T0);
    long resumeAt;
    try (SimNetwork net = new SimNetwork(23, chain, dir).peers(4, "honest,lag:40-200")
        .fastSync(FastSyncConfig.defaults())) {
      net.runFor(Duration.ofMillis(BEHIND * SimChain.SLOT_MILLIS));
      net.start();
      for (int i = 0; i < 2_000 && net.store.contiguousHead().orElse(-1) < BASE + 200; i++) {
        net.runFor(Duration.ofMillis(5));
      }
      assertThat(net.controller().mode()).isEqualTo(SyncMode.FAST_SYNC);
      resumeAt = net.scheduler.nowMillis();
    }
    try (SimNetwork again = new SimNetwork(24, chain, dir).peers(4, "honest,lag:40-200")
        .fastSync(FastSyncConfig.defaults())) {
      long contiguous = again.store.contiguousHead().orElseThrow();
      assertThat(contiguous).isGreaterThanOrEqualTo(BASE + 200);
      again.store.rollbackTo(contiguous);
      assertThat(again.store.localHead().orElseThrow().number()).isEqualTo(contiguous);
      assertThat(again.store.caughtUp()).isFalse();
      again.runFor(Duration.ofMillis(resumeAt - again.scheduler.nowMillis() + 5 * SimChain.SLOT_MILLIS));
      again.start();
      boolean sawFastSync = false;
      for (int i = 0; i < 1_200 && again.controller().mode() != SyncMode.FOLLOW; i++) {
        again.runFor(Duration.ofMillis(100));
        sawFastSync |= again.controller().mode() == SyncMode.FAST_SYNC;
      }
      assertThat(sawFastSync).as("resumed as fast sync").isTrue();
      assertThat(again.controller().mode()).isEqualTo(SyncMode.FOLLOW);
      assertThat(again.store.caughtUp()).isTrue();
      assertThat(Simulation.verifyStore(again.store, BASE)[1]).isZero();
    }
  }

  /**
   * One peer alone cannot choose the fast-sync target while discovery may still bring others: the
   * engine keeps waiting for the quorum of 3 (mode starting, nothing stored). Only when the operator
   * chose every peer (static peers, discovery off) does a majority of fewer peers agree it, after the
   * 5 s grace.
   */
  @Test
  void aSinglePeerDecidesTheTargetOnlyWhenTheOperatorChoseEveryPeer() {
    SimChain chain = SimChain.create(BASE, 3_200, T0);
    try (SimNetwork net = new SimNetwork(31, chain, dir).peers(1, "honest").fastSync(FastSyncConfig.defaults())) {
      net.runFor(Duration.ofMillis(3_000 * SimChain.SLOT_MILLIS));
      net.start();
      net.runFor(Duration.ofSeconds(60));
      assertThat(net.controller().mode()).isEqualTo(SyncMode.STARTING);
      assertThat(net.store.localHead().orElseThrow().number()).isEqualTo(BASE);
    }
  }

  @Test
  void staticPeersOnlyLetAMajorityOfFewAgreeTheTargetAfterTheGrace() {
    SimChain chain = SimChain.create(BASE, 3_200, T0);
    try (SimNetwork net = new SimNetwork(32, chain, dir).peers(1, "honest")
        .fastSync(FastSyncConfig.defaults().withSettleForMajority(true))) {
      net.runFor(Duration.ofMillis(3_000 * SimChain.SLOT_MILLIS));
      net.start();
      net.runFor(Duration.ofSeconds(4));
      assertThat(net.controller().mode()).isEqualTo(SyncMode.STARTING);
      net.runFor(Duration.ofSeconds(120));
      assertThat(net.controller().mode()).isEqualTo(SyncMode.FOLLOW);
      assertThat(Simulation.verifyStore(net.store, BASE)[1]).isZero();
    }
  }
}
