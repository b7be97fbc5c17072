package io.ethfollow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ethfollow.peer.PeerId;
import io.ethfollow.sim.SimChain;
import io.ethfollow.sim.SimNetwork;
import io.ethfollow.sim.SimPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Follow mode against simulated peers in virtual time: the real pool, executor, store and sync core. */
class SimFollowScenariosTest {
  /** Anchor block: a recent mainnet-like height, so a peer 400,000 behind is still a positive number. */
  static final long BASE = 21_000_000;
  static final int SLOTS_PER_HOUR = 300;

  @TempDir Path dir;

  /**
   * 20 healthy peers and 2 whose chain is 400,000 blocks behind, one virtual hour of 12 s slots. The
   * lag is at most one block at the end of every slot, the stale peers are dropped (and never given
   * work), fewer than 10 log events mention them (DEBUG included), and the sync core wakes a bounded
   * number of times per block. Catches the predecessor's stale check before the cooldown gate, which
   * re-queued the stale peers at once: 12.2 million ban events for 2 peers and a starved pipeline —
   * here there is no re-queue at all (the pool hands a peer back only after a request, parked by time
   * when cooling), so the number of wake-ups and log lines would explode on that design.
   */
  @Test
  void stalePeersAreDroppedQuietlyWhileFollowingWithinOneBlock() {
    SimChain chain = SimChain.create(BASE, SLOTS_PER_HOUR + 10, 1_700_000_000_000L);
    ListAppender<ILoggingEvent> logs = captureDebug("io.ethfollow");
    try (SimNetwork net = new SimNetwork(42, chain, dir).peers(20, "honest,lag:30-150").peers(2, "stale:400000")) {
      net.start();
      Set<PeerId> stale = Set.of(net.peers.get(20).id(), net.peers.get(21).id());
      long maxLag = 0;
      for (int slot = 1; slot <= SLOTS_PER_HOUR; slot++) {
        net.runFor(Duration.ofMillis(SimChain.SLOT_MILLIS));
        long lag = chain.headAt(net.scheduler.nowMillis() - 1) - net.controller().status().localHead().number();
        maxLag = Math.max(maxLag, lag);
      }
      SyncStatus status = net.controller().status();
      long blocks = status.localHead().number() - BASE;
      double syncWakeUpsPerBlock = (double) status.wakeUps() / blocks;
      double tasksPerBlock = (double) net.scheduler.tasksRun() / blocks;
      List<ILoggingEvent> aboutStale = logs.list.stream()
          .filter(e -> stale.stream().anyMatch(id -> mentions(e, id)))
          .collect(Collectors.toList());
      System.out.printf("stalePeers: blocks=%d maxLag=%d syncWakeUps/block=%.2f tasks/block=%.2f staleLogEvents=%d probes=%d%n",
          blocks, maxLag, syncWakeUpsPerBlock, tasksPerBlock, aboutStale.size(), net.controller().headProbes());
      assertThat(maxLag).isLessThanOrEqualTo(1);
      assertThat(blocks).isGreaterThanOrEqualTo(SLOTS_PER_HOUR - 1);
      assertThat(net.pool.peers()).noneMatch(p -> stale.contains(p.id()));
      assertThat(aboutStale).hasSizeLessThan(10);
      assertThat(syncWakeUpsPerBlock).isLessThanOrEqualTo(8);
      assertThat(tasksPerBlock).isLessThanOrEqualTo(120);
      assertThat(net.store.contiguousHead().orElseThrow()).isEqualTo(status.localHead().number());
    } finally {
      release(logs, "io.ethfollow");
    }
  }

  /**
   * One peer whose Status head is 5 blocks old. Our head tracker probes it, the answer moves its head
   * in the pool, and the very next assignment (capped by the head the pool says the peer has) fetches
   * the new blocks: within 5 s we hold all of them. Catches private head copies (the predecessor's
   * ready channel carried clones whose head never changed): with a copy, the cap would stay at the
   * Status head and nothing above it would ever be assigned.
   */
  @Test
  void reprobedHeadIsUsedByTheNextAssignment() {
    SimChain chain = SimChain.create(BASE, 20, 1_700_000_000_000L);
    try (SimNetwork net = new SimNetwork(7, chain, dir).peers(1, "honest").statusBehindBy(5)) {
      net.runFor(Duration.ofSeconds(60)); // blocks BASE+1..BASE+5 appear before the peer connects
      net.start();
      PeerId peer = net.peers.get(0).id();
      assertThat(net.pool.peer(peer).orElseThrow().headNumber()).isEqualTo(BASE);
      assertThat(net.controller().status().localHead().number()).isEqualTo(BASE);
      net.runFor(Duration.ofSeconds(5));
      assertThat(net.pool.peer(peer).orElseThrow().headNumber()).isEqualTo(BASE + 5);
      assertThat(net.controller().status().localHead().number()).isEqualTo(BASE + 5);
      assertThat(net.controller().headProbes()).isPositive();
    }
  }

  /**
   * Every block reaches 80 % of 20 peers 0-6 s late, while all of them announce it at once (eth/69
   * BlockRangeUpdate): the pool says everyone has it, most answers lack it. Misses back off per
   * (block, peer) from 500 ms and the block goes to another idle peer at once: lag stays within one
   * block at the end of every slot for 30 minutes.
   */
  @Test
  void tipBackoffRetriesMissingTipBlocksOnOtherPeers() {
    SimChain chain = SimChain.create(BASE, 160, 1_700_000_000_000L);
    try (SimNetwork net = new SimNetwork(11, chain, dir).peers(16, "announce,tip:1.0:6000").peers(4, "announce")) {
      TipRun run = TipRun.follow(net, chain, 150);
      System.out.printf("tipBackoff80: maxLag=%d maxStallMs=%d syncWakeUps/block=%.2f%n", run.maxLag, run.maxStallMs,
          run.wakeUpsPerBlock);
      assertThat(run.maxLag).isLessThanOrEqualTo(1);
      assertThat(run.maxStallMs).isLessThanOrEqualTo(5_000 + 1_000);
    }
  }

  /**
   * Both peers miss every tip block for 0-11.5 s after announcing it, so every peer fails every tip
   * block repeatedly. Follow mode never stalls longer than the follow cap (5 s) plus one fetch after
   * a block is servable anywhere, and lag recovers to at most one block by the end of every slot.
   * Catches the predecessor's 128 s backoff in every mode: see {@link #predecessorsCapStallsTheSameNetwork}.
   */
  @Test
  void tipBackoffNeverStallsLongerThanTheFollowCapWhenAllPeersFail() {
    SimChain chain = SimChain.create(BASE, 110, 1_700_000_000_000L);
    try (SimNetwork net = new SimNetwork(13, chain, dir).peers(2, "announce,tip:1.0:11500")) {
      TipRun run = TipRun.follow(net, chain, 100);
      System.out.printf("tipBackoffAllFail: maxLag=%d maxStallMs=%d syncWakeUps/block=%.2f%n", run.maxLag,
          run.maxStallMs, run.wakeUpsPerBlock);
      assertThat(run.maxLag).isLessThanOrEqualTo(1);
      assertThat(run.maxStallMs).isLessThanOrEqualTo(5_000 + 1_000);
    }
  }

  /** The same network with the predecessor's 128 s cap in follow mode stalls far beyond 5 s. */
  @Test
  void predecessorsCapStallsTheSameNetwork() {
    SimChain chain = SimChain.create(BASE, 110, 1_700_000_000_000L);
    try (SimNetwork net = new SimNetwork(13, chain, dir).peers(2, "announce,tip:1.0:11500")
        .config(SyncConfig.defaults().withBackoffCaps(Duration.ofSeconds(128), Duration.ofSeconds(128)))) {
      TipRun run = TipRun.follow(net, chain, 100);
      System.out.printf("predecessorCap: maxLag=%d maxStallMs=%d%n", run.maxLag, run.maxStallMs);
      assertThat(run.maxStallMs).isGreaterThan(5_000 + 1_000);
    }
  }

  /** Runs follow mode for {@code slots} slots in 100 ms steps, measuring lag per slot and stalls per block. */
  static final class TipRun {
    long maxLag;
    long maxStallMs;
    double wakeUpsPerBlock;

    static TipRun follow(SimNetwork net, SimChain chain, int slots) {
      TipRun run = new TipRun();
      net.start();
      java.util.Map<Long, Long> writtenAt = new java.util.HashMap<>();
      long steps = slots * SimChain.SLOT_MILLIS / 100;
      for (long i = 1; i <= steps; i++) {
        net.runFor(Duration.ofMillis(100));
        long now = net.scheduler.nowMillis();
        long head = net.controller().status().localHead().number();
        for (long n = BASE + 1; n <= head; n++) {
          writtenAt.putIfAbsent(n, now);
        }
        if (i % (SimChain.SLOT_MILLIS / 100) == 0) {
          run.maxLag = Math.max(run.maxLag, chain.headAt(now - 1) - head);
        }
      }
      for (java.util.Map.Entry<Long, Long> e : writtenAt.entrySet()) {
        long n = e.getKey();
        long servable = Long.MAX_VALUE;
        for (SimPeer p : net.peers) {
          servable = Math.min(servable, p.availableAt(n));
        }
        long parentWritten = writtenAt.getOrDefault(n - 1, 0L);
        long stall = e.getValue() - Math.max(servable, parentWritten);
        run.maxStallMs = Math.max(run.maxStallMs, stall);
      }
      long blocks = net.controller().status().localHead().number() - BASE;
      run.wakeUpsPerBlock = (double) net.controller().wakeUps() / Math.max(1, blocks);
      return run;
    }
  }

  static boolean mentions(ILoggingEvent e, PeerId id) {
    if (e.getFormattedMessage().contains(id.shortId())) {
      return true;
    }
    return e.getKeyValuePairs() != null
        && e.getKeyValuePairs().stream().anyMatch(kv -> String.valueOf(kv.value).contains(id.shortId()));
  }

  static ListAppender<ILoggingEvent> captureDebug(String loggerName) {
    Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
    return appender;
  }

  static void release(ListAppender<ILoggingEvent> appender, String loggerName) {
    Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
    logger.detachAppender(appender);
    logger.setLevel(null);
    logger.setAdditive(true);
  }
}
