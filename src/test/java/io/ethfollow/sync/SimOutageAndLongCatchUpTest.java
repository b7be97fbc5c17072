package io.ethfollow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.sim.SimChain;
import io.ethfollow.sim.SimNetwork;
import io.ethfollow.sim.SimPeer;
import io.ethfollow.sim.Simulation;
import io.ethfollow.store.RangeSet;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every peer gone for ten minutes; a catch-up of 50,000 blocks. Virtual time. */
class SimOutageAndLongCatchUpTest {
  static final long BASE = 21_000_000;
  static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  /**
   * 10 peers, following; at 5 min every session drops and none comes back for 10 min. Meanwhile the
   * engine does nothing but its head tracker's one tick per probe interval (1 s: it has no peer to
   * ask and no block to fetch): at most 1.05 engine wake-ups and 1.1 scheduler tasks per virtual
   * second of outage (measured 600 and 600 in 600 s). When the peers are back it catches up the 50
   * blocks it missed and is within one block again in under 30 s; no holes, everything verifies.
   * Catches a busy loop in the outage (the predecessor spun re-queueing peers with nothing to do: its
   * task count grows with CPU speed, not with virtual time) and a pipeline that does not resume.
   */
  @Test
  void outageOfAllPeersIsWaitedOutWithoutSpinningAndSyncResumes() {
    SimChain chain = SimChain.create(BASE, 200, T0);
    try (SimNetwork net = new SimNetwork(31, chain, dir).peers(10, "honest,lag:30-150")) {
      net.outage(Duration.ofMinutes(5), Duration.ofMinutes(10));
      net.start();
      net.runFor(Duration.ofMinutes(5).minusMillis(1));
      long before = net.controller().status().localHead().number();
      assertThat(chain.headAt(net.scheduler.nowMillis()) - before).isLessThanOrEqualTo(1);
      net.runFor(Duration.ofMinutes(10).plusMillis(1)); // the outage, up to the reconnect
      assertThat(net.pool.peers()).hasSize(10);
      long outageSeconds = 600;
      System.out.printf("outage: tasks=%d engineWakeUps=%d in %d s; head moved %d%n", net.outageTasks(),
          net.outageEngineWakeUps(), outageSeconds, net.controller().status().localHead().number() - before);
      assertThat(net.controller().status().localHead().number()).isEqualTo(before);
      assertThat(net.outageEngineWakeUps()).isLessThanOrEqualTo(outageSeconds * 105 / 100);
      assertThat(net.outageTasks()).isLessThanOrEqualTo(outageSeconds * 110 / 100);
      assertThat(net.disconnectedByPeers()).isEqualTo(10);
      long reconnectedAt = net.scheduler.nowMillis();
      long caughtUpAt = -1;
      while (net.scheduler.nowMillis() < reconnectedAt + 5 * 60_000) {
        net.runFor(Duration.ofMillis(250));
        long lag = chain.headAt(net.scheduler.nowMillis() - 1) - net.controller().status().localHead().number();
        if (caughtUpAt < 0 && lag <= 1) {
          caughtUpAt = net.scheduler.nowMillis();
        }
      }
      long head = net.controller().status().localHead().number();
      System.out.printf("outage: caught up %d ms after the reconnect; final lag %d%n", caughtUpAt - reconnectedAt,
          chain.headAt(net.scheduler.nowMillis() - 1) - head);
      assertThat(caughtUpAt - reconnectedAt).isBetween(0L, 30_000L);
      assertThat(chain.headAt(net.scheduler.nowMillis() - 1) - head).isLessThanOrEqualTo(1);
      long[] verified = Simulation.verifyStore(net.store, BASE);
      assertThat(verified[1]).isZero();
      assertThat(verified[0]).isEqualTo(head - BASE + 1);
      assertThat(net.store.completedRanges().missingWithin(BASE, head)).isEmpty();
    }
  }

  /**
   * 50,000 blocks behind with 10 peers (the number): caught up in virtual minutes, and at every
   * observation (each virtual second) the store's completed ranges are one run from the anchor (blocks
   * are completed in order, never with a hole); every peer carries a fair part of the work (each
   * served at least 5 % of the bodies; 10 % is an even split) and all 10 had requests open at once.
   * Catches a pipeline that starves peers (the predecessor's ready channel handed the same few peers
   * back) or writes out of order.
   */
  @Test
  void catchUpOfFiftyThousandBlocksUsesEveryPeerAndCompletesInOrder() {
    int behind = 50_000;
    SimChain chain = SimChain.create(BASE, behind + 200, T0);
    try (SimNetwork net = new SimNetwork(3, chain, dir).peers(10, "honest,lag:40-200")) {
      net.runFor(Duration.ofMillis(behind * SimChain.SLOT_MILLIS));
      long wallStart = System.nanoTime(); // wall time is measured only to report it, never asserted on
      net.start();
      int maxBusy = 0;
      long caughtUpAt = -1;
      for (int s = 1; s <= 600 && caughtUpAt < 0; s++) {
        net.runFor(Duration.ofSeconds(1));
        long head = net.controller().status().localHead().number();
        RangeSet done = net.store.completedRanges();
        assertThat(done.missingWithin(BASE, head)).as("holes below %d", head).isEmpty();
        int busy = 0;
        for (SimPeer p : net.peers) {
          busy += net.pool.inFlight(p.id()) > 0 ? 1 : 0;
        }
        maxBusy = Math.max(maxBusy, busy);
        if (chain.headAt(net.scheduler.nowMillis() - 1) - head <= 1) {
          caughtUpAt = s;
        }
      }
      long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
      SyncStatus st = net.controller().status();
      long head = st.localHead().number();
      long total = net.peers.stream().mapToLong(SimPeer::bodiesServed).sum();
      StringBuilder shares = new StringBuilder();
      for (SimPeer p : net.peers) {
        shares.append(String.format(" %.1f%%", 100.0 * p.bodiesServed() / total));
      }
      System.out.printf("catchUp50k: caught up after %d virtual s, blocks=%d maxBusy=%d wakeUps=%d tasks=%d wall=%d ms"
          + " shares:%s%n", caughtUpAt, head - BASE, maxBusy, st.wakeUps(), net.scheduler.tasksRun(), wallMillis, shares);
      assertThat(caughtUpAt).isPositive();
      assertThat(head - BASE).isGreaterThanOrEqualTo(behind);
      assertThat(net.store.contiguousHead().orElseThrow()).isEqualTo(head);
      assertThat(maxBusy).isEqualTo(10);
      for (SimPeer p : net.peers) {
        assertThat((double) p.bodiesServed() / total).isGreaterThanOrEqualTo(0.05);
      }
      long[] verified = Simulation.verifyStore(net.store, BASE);
      assertThat(verified[1]).isZero();
      assertThat(verified[0]).isEqualTo(head - BASE + 1);
    }
  }
}
