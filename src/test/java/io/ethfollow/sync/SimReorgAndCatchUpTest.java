package io.ethfollow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.sim.SimChain;
import io.ethfollow.sim.SimNetwork;
import io.ethfollow.sim.SimPeer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catching up from behind and following through reorgs, against simulated peers in virtual time. */
class SimReorgAndCatchUpTest {
  static final long BASE = 21_000_000;
  static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  /** 5,000 blocks behind with 10 peers: every peer gets work, blocks are written in order, no holes. */
  @Test
  void catchUpUsesEveryPeerAndLeavesNoHoles() {
    SimChain chain = SimChain.create(BASE, 5_100, T0);
    try (SimNetwork net = new SimNetwork(3, chain, dir).peers(10, "honest,lag:40-200")) {
      net.runFor(Duration.ofMillis(5_000 * SimChain.SLOT_MILLIS));
      net.start();
      net.runFor(Duration.ofSeconds(120));
      SyncStatus s = net.controller().status();
      System.out.printf("catchUp: head=%d lag=%d wakeUps=%d%n", s.localHead().number() - BASE, s.lagBlocks(), s.wakeUps());
      assertThat(s.localHead().number()).isGreaterThanOrEqualTo(chain.headAt(net.scheduler.nowMillis()) - 1);
      assertThat(net.store.contiguousHead().orElseThrow()).isEqualTo(s.localHead().number());
      for (SimPeer p : net.peers) {
        assertThat(p.requestsServed()).isGreaterThan(10);
      }
    }
  }

  @Test
  void reorgOfDepthOneIsFollowed() {
    assertReorgFollowed(1);
  }

  @Test
  void reorgOfDepthSevenIsFollowed() {
    assertReorgFollowed(7);
  }

  /** A branch that shares nothing in the last 64 blocks halts following with a clear reason. */
  @Test
  void reorgDeeperThanTheWindowHalts() {
    SimChain chain = SimChain.create(BASE, 120, T0);
    try (SimNetwork net = new SimNetwork(5, chain, dir).peers(5, "honest")) {
      net.start();
      net.runFor(Duration.ofMillis(80 * SimChain.SLOT_MILLIS + 6_000));
      long head = net.controller().status().localHead().number();
      SimChain branch = chain.fork(head - 65, "deep", 0);
      net.peers.forEach(p -> p.switchTo(branch));
      net.runFor(Duration.ofMillis(3 * SimChain.SLOT_MILLIS));
      SyncStatus s = net.controller().status();
      assertThat(s.mode()).isEqualTo(SyncMode.HALTED);
      assertThat(s.haltReason()).contains("deeper than the rollback window of 64");
      assertThat(s.localHead().number()).isEqualTo(head);
    }
  }

  private void assertReorgFollowed(int depth) {
    SimChain chain = SimChain.create(BASE, 120, T0);
    try (SimNetwork net = new SimNetwork(5, chain, dir).peers(5, "honest")) {
      net.start();
      net.runFor(Duration.ofMillis(80 * SimChain.SLOT_MILLIS + 6_000));
      long head = net.controller().status().localHead().number();
      SimChain branch = chain.fork(head - depth, "branch" + depth, 0);
      net.peers.forEach(p -> p.switchTo(branch));
      net.runFor(Duration.ofMillis(3 * SimChain.SLOT_MILLIS));
      SyncStatus s = net.controller().status();
      assertThat(s.mode()).isEqualTo(SyncMode.FOLLOW);
      assertThat(s.localHead().number()).isGreaterThanOrEqualTo(head + 2);
      assertThat(net.store.canonicalHash(head).orElseThrow()).isEqualTo(branch.header(head).hash());
      assertThat(net.store.canonicalHash(head - depth).orElseThrow()).isEqualTo(chain.header(head - depth).hash());
      assertThat(net.store.contiguousHead().orElseThrow()).isEqualTo(s.localHead().number());
    }
  }
}
