package io.ethfollow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ethfollow.peer.PeerId;
import io.ethfollow.testing.SimChain;
import io.ethfollow.testing.SimNetwork;
import io.ethfollow.testing.SimPeer;
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
