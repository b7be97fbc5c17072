package io.ethfollow.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DedupTurboFilterTest {
  private DedupHarness h = new DedupHarness();

  @AfterEach
  void stop() {
    h.filter.stop();
  }

  private void event(Logger log, String event) {
    log.atInfo().setMessage(event).addKeyValue("event", event).log();
  }

  @Test
  void shouldWriteFirstAndSummariseRepeatsWhenIdenticalEventsArriveWithinWindow() {
    Logger log = h.logger("a.B");
    for (int i = 0; i < 5; i++) {
      event(log, "tick");
    }
    assertThat(h.brief()).containsExactly("tick");
    h.advance(1_000);
    h.filter.flushDue();
    assertThat(h.brief()).containsExactly("tick", "tick repeated=4");
    ILoggingEvent summary = h.lines().get(1);
    assertThat(summary.getLevel()).isEqualTo(Level.INFO);
    assertThat(summary.getLoggerName()).isEqualTo("a.B");
    assertThat(DedupHarness.kv(summary, "event")).isEqualTo("tick");
    assertThat(summary.getTimeStamp()).isEqualTo(DedupHarness.T0 + 1_000);
  }

  @Test
  void shouldCollapseInterleavedRepeatsWhenTwoEventsAlternate() {
    Logger log = h.logger("a.B");
    for (int i = 0; i < 100; i++) {
      event(log, "A");
      event(log, "B");
    }
    assertThat(h.brief()).containsExactly("A", "B");
    h.advance(1_000);
    h.filter.flushDue();
    assertThat(h.brief()).containsExactlyInAnyOrder("A", "B", "A repeated=99", "B repeated=99");
  }

  @Test
  void shouldStartNewWindowWhenEventArrivesExactlyAtWindowEnd() {
    Logger log = h.logger("a.B");
    event(log, "A");
    h.advance(999);
    event(log, "A"); // last millisecond of the window: counted
    h.advance(1);
    event(log, "A"); // exactly window end: summary, then a new first line
    assertThat(h.brief()).containsExactly("A", "A repeated=1", "A");
  }

  @Test
  void shouldFlushEndedWindowsWhenAnyOtherEventArrives() {
    Logger log = h.logger("a.B");
    event(log, "A");
    event(log, "A");
    event(log, "A");
    h.advance(1_500);
    event(log, "B");
    assertThat(h.brief()).containsExactly("A", "A repeated=2", "B");
  }

  @Test
  void shouldTreatEventsAsDifferentWhenKeyValuesDiffer() {
    Logger log = h.logger("a.B");
    log.atInfo().setMessage("peer dropped").addKeyValue("peer", "0x01").log();
    log.atInfo().setMessage("peer dropped").addKeyValue("peer", "0x02").log();
    log.atInfo().setMessage("peer dropped").addKeyValue("peer", "0x01").log();
    log.atInfo().setMessage("peer dropped").addKeyValue("peer", "0x01").addKeyValue("x", 1).log();
    assertThat(h.lines())
        .extracting(e -> DedupHarness.kv(e, "peer"))
        .containsExactly("0x01", "0x02", "0x01");
    assertThat(h.lines().get(2).getKeyValuePairs()).hasSize(2);
  }

  @Test
  void shouldTreatEventsAsDifferentWhenLevelsDiffer() {
    Logger log = h.logger("a.B");
    log.atInfo().setMessage("same").log();
    log.atWarn().setMessage("same").log();
    log.atInfo().setMessage("same").log();
    log.atWarn().setMessage("same").log();
    assertThat(h.lines())
        .extracting(ILoggingEvent::getLevel)
        .containsExactly(Level.INFO, Level.WARN);
  }

  @Test
  void shouldTreatEventsAsDifferentWhenLoggersOrArgumentsDiffer() {
    h.logger("a.B").info("block {}", 1);
    h.logger("a.C").info("block {}", 1);
    h.logger("a.B").info("block {}", 2);
    h.logger("a.B").info("block {}", 1);
    h.logger("a.B").atInfo().setMessage("block {}").addArgument(1).log(); // same event, fluent form
    assertThat(h.brief()).containsExactly("block 1", "block 1", "block 2");
  }

  @Test
  void shouldDeduplicateWhenOnlyTheThrowableInstanceDiffers() {
    Logger log = h.logger("a.B");
    log.warn("write failed {}", "x", new IllegalStateException("one"));
    log.warn("write failed {}", "x", new IllegalStateException("two"));
    log.warn("write failed {}", "x", new java.io.IOException("three"));
    assertThat(h.lines()).hasSize(2);
    assertThat(h.lines().get(1).getThrowableProxy().getClassName()).isEqualTo("java.io.IOException");
  }

  @Test
  void shouldNotCountEventsWhenTheirLevelIsDisabled() {
    Logger log = h.logger("a.B");
    log.setLevel(Level.WARN);
    for (int i = 0; i < 3; i++) {
      log.info("hidden {}", i % 2);
      log.debug("hidden");
    }
    h.advance(5_000);
    h.filter.stop();
    assertThat(h.lines()).isEmpty();
  }

  @Test
  void shouldReportPendingCountWhenLeastRecentlySeenKeyIsEvicted() {
    h.filter.stop();
    h = new DedupHarness(f -> f.setCapacity(3));
    Logger log = h.logger("a.B");
    event(log, "A");
    h.advance(1);
    event(log, "B");
    event(log, "B"); // B pending 1, last seen t+1
    h.advance(1);
    event(log, "C"); // last seen t+2, nothing pending
    h.advance(1);
    event(log, "A"); // A: oldest window but most recently seen, pending 1
    h.advance(1);
    event(log, "D"); // 4 > capacity 3: evicts the two least recently seen, B and C
    assertThat(h.brief()).containsExactly("A", "B", "C", "B repeated=1", "D");
    event(log, "A"); // still tracked: counted
    event(log, "B"); // evicted: a fresh line
    assertThat(h.brief()).containsExactly("A", "B", "C", "B repeated=1", "D", "B");
    h.filter.stop();
    assertThat(h.brief()).contains("A repeated=2");
    assertThat(DedupHarness.represented(h.lines())).isEqualTo(8); // A B B C A D A B
  }

  @Test
  void shouldCapLinesPerTemplateAndSummariseTheRestWhenValuesDifferEveryTime() {
    h.filter.stop();
    h =
        new DedupHarness(
            f -> {
              f.setRateCapLines(3);
              f.setRateCapPeriodMillis(60_000);
            });
    Logger log = h.logger("a.B");
    for (int i = 0; i < 10; i++) {
      log.atInfo().setMessage("imported").addKeyValue("event", "import").addKeyValue("n", i).log();
    }
    log.atInfo().setMessage("other").log(); // another statement is not capped
    assertThat(h.lines()).extracting(e -> DedupHarness.kv(e, "n")).containsExactly(0, 1, 2, null);
    h.advance(59_999);
    h.filter.flushDue();
    assertThat(h.lines()).hasSize(4);
    h.advance(1);
    h.filter.flushDue();
    List<ILoggingEvent> lines = h.lines();
    assertThat(lines).hasSize(5);
    ILoggingEvent summary = lines.get(4);
    assertThat(DedupHarness.brief(summary)).isEqualTo("imported repeated=7 rateCapped");
    assertThat(DedupHarness.kv(summary, "n")).isEqualTo(3); // the first one held back
    assertThat(DedupHarness.represented(lines)).isEqualTo(11);
  }

  @Test
  void shouldFlushPendingCountsWhenStopped() {
    Logger log = h.logger("a.B");
    for (int i = 0; i < 5; i++) {
      event(log, "A");
    }
    h.filter.stop();
    assertThat(h.brief()).containsExactly("A", "A repeated=4");
    event(log, "A"); // after stop everything passes
    assertThat(h.brief()).containsExactly("A", "A repeated=4", "A");
  }

  @Test
  void shouldFlushPendingCountsBeforeAppendersDetachWhenContextStops() {
    Logger log = h.logger("a.B");
    for (int i = 0; i < 5; i++) {
      event(log, "A");
    }
    h.context.stop();
    assertThat(h.brief()).containsExactly("A", "A repeated=4");
  }

  @Test
  void shouldFlushEndedWindowsFromTheTimerWhenNothingElseIsLogged() throws Exception {
    h.filter.stop();
    h = new DedupHarness(f -> f.setFlushPeriodMillis(5));
    Logger log = h.logger("a.B");
    event(log, "A");
    event(log, "A");
    Thread.sleep(50);
    assertThat(h.brief()).containsExactly("A"); // the manual clock has not moved: window open
    h.advance(1_000);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (h.lines().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(h.brief()).containsExactly("A", "A repeated=1");
  }

  @Test
  void shouldWriteEveryEventWhenWindowIsZero() {
    h.filter.stop();
    h = new DedupHarness(f -> f.setWindowMillis(0));
    Logger log = h.logger("a.B");
    for (int i = 0; i < 5; i++) {
      event(log, "A");
    }
    assertThat(h.lines()).hasSize(5);
  }
}
