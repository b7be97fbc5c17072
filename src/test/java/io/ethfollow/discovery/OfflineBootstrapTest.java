package io.ethfollow.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ethfollow.time.ManualClock;
import io.ethfollow.time.ManualScheduler;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Without internet: the bootnodes never answer. In one virtual hour the service keeps retrying with
 * backoff, never spins, and logs a bounded number of lines.
 */
@Timeout(30)
class OfflineBootstrapTest {

  @Test
  void shouldRetryWithBackoffAndLogOncePerIntervalWhenNoBootnodeAnswers() throws Exception {
    Logger discoveryLog = (Logger) LoggerFactory.getLogger("io.ethfollow.discovery");
    Level previous = discoveryLog.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    discoveryLog.addAppender(appender);
    discoveryLog.setLevel(Level.INFO);
    ManualScheduler scheduler = new ManualScheduler(new ManualClock(1_700_000_000_000L));
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket closed = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int closedPort = closed.getLocalPort();
      closed.close(); // nothing listens there any more
      List<Enode> bootnodes =
          List.of(
              new Enode(NodeKey.random().nodeId(), InetAddress.getLoopbackAddress(), 30303, silent.getLocalPort()),
              new Enode(NodeKey.random().nodeId(), InetAddress.getLoopbackAddress(), 30303, closedPort));
      List<DiscoveredNode> found = new ArrayList<>();
      DiscoveryService service = DiscoveryService.start(DiscoveryConfig.forTests(bootnodes), NodeKey.random(), scheduler, found::add);
      try {
        scheduler.runDue();
        List<Long> attemptTimes = new ArrayList<>();
        long lastAttempts = service.stats().bootstrapAttempts();
        assertThat(lastAttempts).as("first round at start").isEqualTo(1);
        long start = scheduler.nowMillis();
        for (int s = 0; s < 3600; s++) {
          scheduler.advance(Duration.ofSeconds(1));
          long a = service.stats().bootstrapAttempts();
          if (a != lastAttempts) {
            attemptTimes.add((scheduler.nowMillis() - start) / 1000);
            lastAttempts = a;
          }
        }
        DiscoveryStats stats = service.stats();
        // attempts at 0 s, then after 2, 4, 8 ... 256 s, then every 300 s: 19 in the first hour
        assertThat(stats.bootstrapAttempts()).isEqualTo(19);
        assertThat(attemptTimes).startsWith(2L, 6L, 14L, 30L, 62L, 126L, 254L, 510L, 810L);
        assertThat(stats.tableSize()).isZero();
        assertThat(found).isEmpty();
        // no spin: per attempt two pings, their timeouts, the retry timer; plus 12 reports
        assertThat(scheduler.tasksRun()).isLessThan(150);
        // one WARN per 5-minute interval, nothing per attempt
        long warns = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
        assertThat(warns).isEqualTo(12);
        assertThat(stats.logLines()).isEqualTo(12);
        assertThat(appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).count())
            .isLessThanOrEqualTo(13); // the 12 warnings and the start line
        assertThat(appender.list.get(appender.list.size() - 1).getFormattedMessage())
            .contains("no discovery responses in the last 5 min");
      } finally {
        service.stop();
        scheduler.runDue();
      }
    } finally {
      discoveryLog.detachAppender(appender);
      discoveryLog.setLevel(previous);
    }
  }
}
