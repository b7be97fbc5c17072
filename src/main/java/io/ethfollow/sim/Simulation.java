package io.ethfollow.sim;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.store.BlockStore;
import io.ethfollow.sync.SyncStatus;
import io.ethfollow.sync.FastSyncConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs one {@link ScenarioSpec} on a {@link SimNetwork} (the real pool, executor, store and sync
 * engine against simulated peers in virtual time) and measures it into a {@link SimulationReport}.
 * Single-threaded: everything runs on the caller's thread inside {@link #run}; the store lives in
 * {@code dir}, which the caller owns and deletes.
 */
public final class Simulation {
  /** Virtual epoch of the first block; any fixed value keeps runs reproducible. */
  static final long T0_MILLIS = 1_700_000_000_000L;

  /**
   * Virtual step between two observations: the resolution of {@code longestStallMs}. 250 ms is below
   * the 500 ms backoff base, so a stall ending on a backoff expiry is measured within half a backoff.
   */
  static final long STEP_MILLIS = 250;

  private final ScenarioSpec spec;
  private final long seed;
  private final Path dir;

  public Simulation(ScenarioSpec spec, long seed, Path dir) {
    this.spec = spec;
    this.seed = seed;
    this.dir = dir;
  }

  public SimulationReport run() {
    SimChain chain = SimChain.create(spec.startHeight(), (int) spec.chainBlocks(), T0_MILLIS, spec.slotMillis());
    try (SimNetwork net = new SimNetwork(seed, chain, dir)) {
      for (PeerGroup g : spec.peers()) {
        net.peers(g.count(), g.behaviour());
      }
      net.statusBehindBy(spec.statusBehindBlocks());
      if (spec.mode().equals(ScenarioSpec.FAST_THEN_FOLLOW)) {
        net.fastSync(FastSyncConfig.defaults());
      }
      if (spec.behindBlocks() > 0) {
        net.runFor(Duration.ofMillis(spec.behindBlocks() * spec.slotMillis()));
      }
      for (int i = 0; i < spec.reorgs().size(); i++) {
        ReorgEvent r = spec.reorgs().get(i);
        String salt = "reorg" + i;
        net.scheduler.schedule(Duration.ofSeconds(r.atSecond()), () -> net.reorg(r.depth(), salt));
      }
      if (spec.outage() != null) {
        net.outage(Duration.ofSeconds(spec.outage().atSecond()), Duration.ofSeconds(spec.outage().seconds()));
      }
      long startedAt = net.scheduler.nowMillis();
      net.start();
      return observe(net, startedAt);
    }
  }

  private SimulationReport observe(SimNetwork net, long startedAt) {
    long end = startedAt + spec.durationSeconds() * 1000;
    long step = Math.min(STEP_MILLIS, spec.slotMillis());
    long nextSample = startedAt + spec.slotMillis();
    List<Long> lags = new ArrayList<>();
    boolean following = false;
    long lastHead = net.controller().status().localHead().number();
    long quietSince = -1; // start of the current stretch with work pending and no block written
    long longestStall = 0;
    while (net.scheduler.nowMillis() < end) {
      net.runFor(Duration.ofMillis(Math.min(step, end - net.scheduler.nowMillis())));
      long now = net.scheduler.nowMillis();
      SyncStatus s = net.controller().status();
      long head = s.localHead().number();
      boolean work = s.pending() + s.inFlight() + s.escalated() + s.buffered() > 0;
      if (head != lastHead || !work) {
        quietSince = work ? now : -1;
        lastHead = head;
      } else if (quietSince < 0) {
        quietSince = now;
      } else {
        longestStall = Math.max(longestStall, now - quietSince);
      }
      if (now >= nextSample) {
        long lag = Math.max(0, net.canonical().headAt(now - 1) - head);
        following = following || lag <= 1;
        if (following) {
          lags.add(lag);
        }
        nextSample += spec.slotMillis();
      }
    }
    SyncStatus s = net.controller().status();
    long head = s.localHead().number();
    long[] verified = verifyStore(net.store, spec.startHeight());
    int holes = net.store.completedRanges().missingWithin(spec.startHeight(), head).size();
    Collections.sort(lags);
    long max = lags.isEmpty() ? 0 : lags.get(lags.size() - 1);
    long p99 = lags.isEmpty() ? 0 : lags.get((int) Math.ceil(0.99 * lags.size()) - 1);
    return new SimulationReport(spec.name(), spec.mode(), seed, s.mode().jsonName(),
        head - spec.startHeight(), Math.max(0, net.canonical().headAt(net.scheduler.nowMillis() - 1) - head), max, p99,
        lags.size(), longestStall, verified[1] == 0 && verified[0] > 0, verified[0], holes, net.sessionsLost(),
        net.droppedByPool(), net.disconnectedByPeers(), 0, 0, net.scheduler.tasksRun(), s.wakeUps(),
        net.outageTasks(), net.outageEngineWakeUps(), (net.scheduler.nowMillis() - startedAt) / 1000, 0);
  }

  /**
   * Re-reads every canonical block from {@code from}: returns {blocks read, blocks failing a check or
   * the link to the block below}. Across a hole there is no parent to link to; holes are counted apart.
   */
  public static long[] verifyStore(BlockStore store, long from) {
    long[] counts = {0, 0};
    BlockHeader[] previous = {null};
    store.forEachCanonical(from, b -> {
      counts[0]++;
      try {
        BlockHeader h = BlockHeader.decode(b.header());
        boolean ok = h.hash().equals(b.hash())
            && BlockVerifier.verify(h, BlockBody.decode(b.body()), ReceiptCodec.decode(b.receipts())).passed()
            && (previous[0] == null || previous[0].number() != h.number() - 1
                || BlockVerifier.verifyLink(previous[0], h).passed());
        if (!ok) {
          counts[1]++;
        }
        previous[0] = h;
      } catch (RlpException | IllegalArgumentException e) {
        counts[1]++;
        previous[0] = null;
      }
      return true;
    });
    return counts;
  }
}
