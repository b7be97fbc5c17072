package io.ethfollow.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** The predecessor's failure mode, concurrently: millions of identical events from many threads. */
class DedupConcurrencyTest {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 2_500_000;

  @Test
  void shouldWriteAHandfulOfLinesWithExactTotalWhenTenMillionIdenticalEventsComeFromManyThreads()
      throws Exception {
    DedupHarness h = new DedupHarness();
    Logger log = h.logger("io.ethfollow.peer.PeerPool");
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      boolean ticker = t == 0;
      Thread th =
          new Thread(
              () -> {
                await(start);
                for (int i = 0; i < PER_THREAD; i++) {
                  log.atInfo()
                      .setMessage("peer banned")
                      .addKeyValue("event", "peer_banned")
                      .addKeyValue("peer", "0x1234abcd")
                      .log();
                  if (ticker && i % 500_000 == 499_999) {
                    h.advance(400); // time passes while the storm goes on: a few windows end
                  }
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    h.filter.stop();
    List<ILoggingEvent> lines = h.lines();
    assertThat(DedupHarness.represented(lines)).isEqualTo((long) THREADS * PER_THREAD);
    // A handful: each ended window gives one summary and one fresh first line, and threads racing at
    // a window edge can each close and reopen it once (seen: 11 lines in one run of many); the exact
    // total above is the invariant, the bound proves the storm collapsed.
    assertThat(lines.size()).isBetween(2, 20);
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
