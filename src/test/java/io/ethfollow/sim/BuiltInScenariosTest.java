package io.ethfollow.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in scenarios {@code faulty-peers}, {@code outage} and {@code catch-up} of {@code ethfollow
 * simulate}, run through {@link Simulation} with the CLI's default seed: their report figures (the
 * ones docs/simulation.md quotes) hold. The behaviour behind them is proven in the sync scenario tests.
 */
class BuiltInScenariosTest {
  @TempDir Path dir;

  private SimulationReport run(String name) {
    SimulationReport r = new Simulation(BuiltInScenarios.named(name).orElseThrow(), 1, dir).run();
    System.out.println(r);
    return r;
  }

  /** Honest majority follows within a block; the 5 peers that sent bad data, stalled or were slow are dropped. */
  @Test
  void faultyPeersReportShowsTheHonestMajorityFollowingAndTheBadPeersDropped() {
    SimulationReport r = run("faulty-peers");
    assertThat(r.finalMode()).isEqualTo("follow");
    assertThat(r.finalLagBlocks()).isLessThanOrEqualTo(1);
    assertThat(r.maxLagBlocks()).isLessThanOrEqualTo(1);
    assertThat(r.blocksSynced()).isGreaterThanOrEqualTo(149);
    assertThat(r.verifiedOk()).isTrue();
    assertThat(r.holes()).isZero();
    // silent (stalling), slow (reputation), shifted, bad bodies, bad receipts (bad response)
    assertThat(r.peersDroppedByPool()).isEqualTo(5);
    assertThat(r.peersDisconnected()).isGreaterThanOrEqualTo(10); // disconnect:0.3
    assertThat(r.peersDropped()).isEqualTo(r.peersDroppedByPool() + r.peersDisconnected());
    // 23.5 s measured: the flapping peer's unservable head keeps work pending, so every wait for the next
    // block counts as a stall (12 s), and it stops the head tracker's 1 s probes, so block 79 is noticed by
    // the pool's 12 s probe only, 11.5 s after it appeared (the engine bug in SimFaultyPeersTest); < 2 slots
    assertThat(r.longestStallMs()).isLessThan(24_000);
    assertThat(r.engineWakeups()).isLessThanOrEqualTo(4L * r.virtualSeconds());
    assertThat(r.outageSchedulerWakeups()).isEqualTo(-1);
  }

  /** 10 minutes without peers: one engine tick a second, nothing else; then back within a block. */
  @Test
  void outageReportShowsNoSpinDuringTheOutageAndACatchUpAfterIt() {
    SimulationReport r = run("outage");
    assertThat(r.finalLagBlocks()).isLessThanOrEqualTo(1);
    assertThat(r.verifiedOk()).isTrue();
    assertThat(r.holes()).isZero();
    assertThat(r.blocksSynced()).isGreaterThanOrEqualTo(149);
    assertThat(r.maxLagBlocks()).isBetween(45L, 51L); // 50 blocks appear during the outage
    assertThat(r.peersDisconnected()).isEqualTo(10);
    assertThat(r.peersDroppedByPool()).isZero();
    assertThat(r.outageEngineWakeups()).isLessThanOrEqualTo(630); // 600 s × one tracker tick a second, +5 %
    assertThat(r.outageSchedulerWakeups()).isLessThanOrEqualTo(660);
  }

  /** 50,000 blocks behind with 10 peers: caught up well inside the 5 virtual minutes, verified, no holes. */
  @Test
  void catchUpReportShowsFiftyThousandBlocksVerifiedWithoutHoles() {
    SimulationReport r = run("catch-up");
    assertThat(r.blocksSynced()).isGreaterThanOrEqualTo(50_000);
    assertThat(r.finalLagBlocks()).isLessThanOrEqualTo(1);
    assertThat(r.blocksVerified()).isEqualTo(r.blocksSynced() + 1);
    assertThat(r.verifiedOk()).isTrue();
    assertThat(r.holes()).isZero();
    assertThat(r.lagSamples()).isGreaterThanOrEqualTo(15); // following by 10 of the 25 slots at the latest
  }

  /** A fresh store 20,000 blocks behind fast-syncs to the agreed target, then follows; everything verifies. */
  @Test
  void fastSyncScenarioFillsTheRangeThenFollows() {
    SimulationReport r = run("fast-sync");
    assertThat(r.blocksSynced()).isGreaterThanOrEqualTo(20_000);
    assertThat(r.finalMode()).isEqualTo("follow");
    assertThat(r.finalLagBlocks()).isLessThanOrEqualTo(1);
    assertThat(r.verifiedOk()).isTrue();
    assertThat(r.holes()).isZero();
  }
}
