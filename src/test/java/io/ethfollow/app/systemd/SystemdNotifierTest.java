package io.ethfollow.app.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.time.SystemScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The notify protocol against a real unix datagram socket the test binds, as systemd does. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SystemdNotifierTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String SOCKET = "/run/systemd/notify";

  @TempDir Path tmp;

  private static NotifyEnvironment env(String socket, String... more) {
    Map<String, String> vars = new HashMap<>(Map.of("NOTIFY_SOCKET", socket));
    for (int i = 0; i < more.length; i += 2) {
      vars.put(more[i], more[i + 1]);
    }
    return NotifyEnvironment.from(vars, ProcessHandle.current().pid());
  }

  @Test
  void readyStatusAndStoppingArriveAsOneDatagramEachInOrder() throws Exception {
    String path = tmp.resolve("notify").toString();
    try (NotifyReceiver systemd = NotifyReceiver.bind(path);
        SystemdNotifier n = SystemdNotifier.open(env(path))) {
      assertThat(n).isInstanceOf(NotifySocketSender.class);
      n.ready();
      n.status("follow, head 5 of 6, 1 peer");
      n.stopping();
      assertThat(systemd.next(WAIT)).isEqualTo("READY=1");
      assertThat(systemd.next(WAIT)).isEqualTo("STATUS=follow, head 5 of 6, 1 peer");
      assertThat(systemd.next(WAIT)).isEqualTo("STOPPING=1");
      assertThat(systemd.next(Duration.ofMillis(200))).isNull();
    }
  }

  @Test
  void anAbstractNamespaceSocketIsReachedThroughItsAtName() throws Exception {
    String name = "ethfollow-test-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
    try (NotifyReceiver systemd = NotifyReceiver.bind("\0" + name);
        SystemdNotifier n = SystemdNotifier.open(env("@" + name))) {
      n.ready();
      assertThat(systemd.next(WAIT)).isEqualTo("READY=1");
    }
  }

  @Test
  void watchdogPingsComeWhileTheOwnerThreadRunsAndStopWhileItIsBlocked() throws Exception {
    String path = tmp.resolve("notify").toString();
    // 400 ms timeout: a ping every 200 ms.
    try (NotifyReceiver systemd = NotifyReceiver.bind(path);
        SystemdNotifier n = SystemdNotifier.open(env(path, "WATCHDOG_USEC", "400000"));
        SystemScheduler owner = new SystemScheduler("test-owner")) {
      WatchdogPings pings = WatchdogPings.start(owner, n).orElseThrow();
      assertThat(pings.interval()).isEqualTo(Duration.ofMillis(200));
      for (int i = 0; i < 3; i++) {
        assertThat(systemd.next(WAIT)).isEqualTo("WATCHDOG=1");
      }

      CountDownLatch blocked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      owner.execute(
          () -> {
            blocked.countDown();
            try {
              release.await(); // a wedged owner thread
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300); // a ping handed to the Netty thread just before the block may still arrive
      systemd.drain();
      assertThat(systemd.next(Duration.ofMillis(1000)))
          .as("no ping while the owner is blocked")
          .isNull();

      release.countDown();
      assertThat(systemd.next(WAIT)).isEqualTo("WATCHDOG=1");
      pings.stop();
    }
  }

  @Test
  void withoutNotifySocketNothingIsOpenedAndNoWatchdogRuns() throws Exception {
    NotifyEnvironment none = NotifyEnvironment.from(Map.of("WATCHDOG_USEC", "1000000"), 1);
    assertThat(none).isEqualTo(NotifyEnvironment.NONE);
    try (SystemdNotifier n = SystemdNotifier.open(none);
        SystemScheduler owner = new SystemScheduler("test-owner")) {
      assertThat(n).isInstanceOf(SystemdNotifier.Silent.class);
      assertThat(WatchdogPings.start(owner, n)).isEmpty();
    }
  }

  @Test
  void aWatchdogMeantForAnotherPidOrWithABadTimeoutIsNotOurs() {
    NotifyEnvironment other =
        NotifyEnvironment.from(
            Map.of("NOTIFY_SOCKET", SOCKET, "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 8);
    assertThat(other.socket()).contains(SOCKET);
    assertThat(other.watchdog()).isEmpty();
    assertThat(other.problem().orElseThrow()).contains("WATCHDOG_PID 7");

    NotifyEnvironment ours =
        NotifyEnvironment.from(
            Map.of("NOTIFY_SOCKET", SOCKET, "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "8"), 8);
    assertThat(ours.watchdog()).contains(Duration.ofSeconds(30));

    NotifyEnvironment bad =
        NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", SOCKET, "WATCHDOG_USEC", "soon"), 8);
    assertThat(bad.watchdog()).isEmpty();
    assertThat(bad.problem().orElseThrow()).contains("'soon'");
  }

  @Test
  void anUnsupportedSocketFormIsSilent() {
    try (SystemdNotifier n = SystemdNotifier.open(env("vsock:2:1234"))) {
      assertThat(n).isInstanceOf(SystemdNotifier.Silent.class);
    }
  }

  @Test
  void aSocketNobodyListensOnCostsNoException() throws Exception {
    try (SystemdNotifier n = SystemdNotifier.open(env(tmp.resolve("nobody").toString()))) {
      assertThat(n).isInstanceOf(NotifySocketSender.class);
      n.ready();
      n.watchdog();
    }
  }
}
