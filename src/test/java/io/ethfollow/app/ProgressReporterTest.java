package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ethfollow.status.StatusDocument;
import io.ethfollow.time.ManualClock;
import io.ethfollow.time.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The progress and peer lines in virtual time: a status refresh every second (as the daemon does)
 * feeds the reporter, and the test counts what it logged and when.
 */
class ProgressReporterTest {
  private final ManualScheduler scheduler = new ManualScheduler(new ManualClock(1_000_000));
  private final ProgressReporter reporter = new ProgressReporter(scheduler.clock());
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressReporter.class);
  private Level saved;

  /** The document the next refresh sees, as a function of seconds since the test started. */
  private LongFunction<StatusDocument> world;

  private long startMillis;

  /** Virtual second (since the test started) at which each event was logged. */
  private final Map<ILoggingEvent, Long> loggedAt = new java.util.IdentityHashMap<>();

  @BeforeEach
  void capture() {
    saved = logger.getLevel();
    logger.setLevel(Level.INFO);
    appender.start();
    logger.addAppender(appender);
    startMillis = scheduler.nowMillis();
    refreshEverySecond();
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(saved);
  }

  /** The first refresh at once (the daemon refreshes before it opens the endpoint), then every second. */
  private void refreshEverySecond() {
    scheduler.execute(this::refresh);
  }

  private void refresh() {
    long second = (scheduler.nowMillis() - startMillis) / 1000;
    int before = appender.list.size();
    reporter.observe(world.apply(second));
    for (int i = before; i < appender.list.size(); i++) {
      loggedAt.put(appender.list.get(i), second);
    }
    scheduler.schedule(Duration.ofSeconds(1), this::refresh);
  }

  private List<ILoggingEvent> events(String event) {
    return appender.list.stream().filter(e -> event.equals(field(e, "event"))).toList();
  }

  private static Object field(ILoggingEvent e, String key) {
    if (e.getKeyValuePairs() == null) {
      return null;
    }
    for (KeyValuePair kv : e.getKeyValuePairs()) {
      if (kv.key.equals(key)) {
        return kv.value;
      }
    }
    return null;
  }

  private long secondsOf(ILoggingEvent e) {
    return loggedAt.get(e);
  }

  @Test
  void atTheTipOneSummaryLineAMinuteAndNoMore() {
    // A block every 12 s, always at the network head, 8 peers.
    world = s -> StatusDocs.of("follow", 1_000 + s / 12, 1_000 + s / 12, 8);
    scheduler.advance(Duration.ofMinutes(10));
    List<ILoggingEvent> lines = events("sync_progress");
    assertThat(lines).hasSize(10);
    assertThat(lines.stream().map(this::secondsOf).toList())
        .containsExactly(60L, 120L, 180L, 240L, 300L, 360L, 420L, 480L, 540L, 600L);
    ILoggingEvent last = lines.get(9);
    assertThat(last.getLevel()).isEqualTo(Level.INFO);
    assertThat(field(last, "mode")).isEqualTo("follow");
    assertThat(field(last, "head")).isEqualTo(1_050L);
    assertThat(field(last, "lag")).isEqualTo(0L);
    assertThat(field(last, "peers")).isEqualTo(8);
    assertThat(field(last, "blocks")).isEqualTo(5L);
    assertThat((double) field(last, "blocksPerSec")).isBetween(0.08, 0.09);
    assertThat(events("sync_stalled")).isEmpty();
  }

  /**
   * Fast sync stores its target first and fills the range below it: the head stands still for minutes
   * while 200 blocks a second are written. Progress counts blocks written, so the lines carry the real
   * rate and the remaining blocks, and no stall is reported.
   */
  @Test
  void fastSyncProgressCountsBlocksWrittenWhileTheHeadStandsStill() {
    world = s -> StatusDocs.fastSync(100_000, 1 + 200 * s, 100_064, 10);
    scheduler.advance(Duration.ofMinutes(8));
    assertThat(events("sync_stalled")).isEmpty();
    List<ILoggingEvent> lines = events("sync_progress");
    assertThat(lines).isNotEmpty();
    ILoggingEvent last = lines.get(lines.size() - 1);
    assertThat(field(last, "head")).isEqualTo(100_000L);
    assertThat((double) field(last, "blocksPerSec")).isEqualTo(200.0);
    assertThat(field(last, "target")).isEqualTo(100_000L);
    assertThat((long) field(last, "remaining")).isBetween(1L, 100_000L - 200L * 400);
  }

  @Test
  void inCatchUpALineEvery1000BlocksButNotMoreOftenThanEvery10Seconds() {
    // 50 blocks/s: 1,000 blocks every 20 s.
    world = s -> StatusDocs.of("follow", 50 * s, 1_000_000, 20);
    scheduler.advance(Duration.ofSeconds(100));
    assertThat(events("sync_progress").stream().map(this::secondsOf).toList())
        .containsExactly(20L, 40L, 60L, 80L, 100L);

    // 500 blocks/s: 1,000 blocks every 2 s, but at most one line per 10 s.
    appender.list.clear();
    long offset = (scheduler.nowMillis() - startMillis) / 1000;
    world = s -> StatusDocs.of("fast-sync", 5_000 + 500 * (s - offset), 10_000_000, 20);
    scheduler.advance(Duration.ofSeconds(60));
    List<ILoggingEvent> fast = events("sync_progress");
    assertThat(fast).hasSize(6);
    assertThat(field(fast.get(5), "blocksPerSec")).isEqualTo(500.0);
    assertThat(field(fast.get(5), "mode")).isEqualTo("fast-sync");
  }

  @Test
  void noPeersForAMinuteWarnsOnceAndRecoveryIsReportedOnce() {
    world = s -> StatusDocs.of("follow", 100, -1, s < 630 ? 0 : 3);
    scheduler.advance(Duration.ofSeconds(59));
    assertThat(events("no_peers")).isEmpty();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(events("no_peers")).hasSize(1);
    assertThat(events("no_peers").get(0).getLevel()).isEqualTo(Level.WARN);
    scheduler.advance(Duration.ofSeconds(540)); // ten minutes without peers: still one warning
    assertThat(events("no_peers")).hasSize(1);
    assertThat(events("peers_recovered")).isEmpty();
    scheduler.advance(Duration.ofSeconds(60));
    assertThat(events("no_peers")).hasSize(1);
    assertThat(events("peers_recovered")).hasSize(1);
    assertThat(secondsOf(events("peers_recovered").get(0))).isEqualTo(630L);
    assertThat(field(events("peers_recovered").get(0), "withoutPeersSec")).isEqualTo(630L);
  }

  @Test
  void peerMilestonesAreLoggedOnceEachOnTheWayUp() {
    // 0 peers, then one more every 10 s up to 12, then a dip to 3 and back to 12.
    Map<Long, Integer> dip = Map.of(200L, 3L, 210L, 3L).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().intValue()));
    world = s -> StatusDocs.of("follow", 100, 100, dip.containsKey(s / 10 * 10) ? 3 : (int) Math.min(12, s / 10));
    scheduler.advance(Duration.ofSeconds(300));
    List<ILoggingEvent> milestones = events("peers_milestone");
    assertThat(milestones.stream().map(e -> field(e, "milestone") + "@" + field(e, "threshold")).toList())
        .containsExactly("first_peer@1", "peers_reached@5", "peers_reached@10");
    assertThat(milestones.stream().map(this::secondsOf).toList()).containsExactly(10L, 50L, 100L);
    assertThat(events("no_peers")).isEmpty();
  }

  @Test
  void aHeadThatStopsMovingWhilePeersAreAheadWarnsOnceAndItsRecoveryIsReported() {
    // The head moves for a minute, then stays at 160 for 10 minutes while the network goes on.
    world = s -> StatusDocs.of("follow", s < 60 ? 100 + s : s < 660 ? 160 : 160 + (s - 660), 100 + s, 5);
    scheduler.advance(Duration.ofSeconds(60 + 299));
    assertThat(events("sync_stalled")).isEmpty();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(events("sync_stalled")).hasSize(1);
    assertThat(events("sync_stalled").get(0).getLevel()).isEqualTo(Level.WARN);
    scheduler.advance(Duration.ofSeconds(299));
    assertThat(events("sync_stalled")).hasSize(1);
    assertThat(events("sync_resumed")).isEmpty();
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(events("sync_resumed")).hasSize(1);
  }

  @Test
  void aQuietTipIsNotAStall() {
    // No new block for 10 minutes, but nobody has one either (lag 0): no warning.
    world = s -> StatusDocs.of("follow", 500, 500, 5);
    scheduler.advance(Duration.ofMinutes(10));
    assertThat(events("sync_stalled")).isEmpty();
  }

  @Test
  void nothingIsLoggedWhileStopping() {
    world = s -> StatusDocs.of("stopping", 100 + 100 * s, 1_000_000, 0);
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(appender.list).isEmpty();
  }
}
