package io.ethfollow.app.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.status.StatusDocument;
import io.ethfollow.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** STATUS= lines: after READY=1 only, on change, at most every 10 s unless the mode changes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SystemdStatusTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration NOTHING = Duration.ofMillis(300);

  @TempDir Path tmp;

  private static StatusDocument doc(String mode, Long head, Long networkHead, int peers) {
    return new StatusDocument(
        "v", "devnet", 1, "0x00", mode,
        head == null ? null : new StatusDocument.Head(head, "0x01"), head, null, "/data", 0,
        networkHead == null ? null : new StatusDocument.NetworkHead(networkHead, "0x02", peers),
        new StatusDocument.Peers(peers, 0, 0, 0, 0, 0, 0, 0), null, null, null, null, null, null,
        null, null);
  }

  @Test
  void linesFollowReadyAndChangesAtMostEveryTenSecondsUnlessTheModeChanges() throws Exception {
    String path = tmp.resolve("notify").toString();
    ManualClock clock = new ManualClock(1_000_000);
    try (NotifyReceiver systemd = NotifyReceiver.bind(path);
        SystemdNotifier n =
            SystemdNotifier.open(NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", path), 1))) {
      SystemdStatus status = new SystemdStatus(n, clock);
      status.observe(doc("starting", null, null, 0)); // before READY=1: nothing
      status.ready();
      assertThat(systemd.next(WAIT)).isEqualTo("READY=1");
      assertThat(systemd.next(NOTHING)).isNull();

      status.observe(doc("starting", null, null, 0));
      assertThat(systemd.next(WAIT)).isEqualTo("STATUS=starting, head none, 0 peers");
      status.observe(doc("starting", null, null, 0)); // unchanged
      assertThat(systemd.next(NOTHING)).isNull();

      clock.advance(Duration.ofSeconds(1));
      status.observe(doc("fast-sync", 10L, 500L, 1)); // a new mode goes at once
      assertThat(systemd.next(WAIT)).isEqualTo("STATUS=fast-sync, head 10 of 500, 1 peer");

      clock.advance(Duration.ofSeconds(1));
      status.observe(doc("fast-sync", 200L, 500L, 3)); // same mode within 10 s: waits
      assertThat(systemd.next(NOTHING)).isNull();

      clock.advance(SystemdStatus.MIN_GAP);
      status.observe(doc("fast-sync", 300L, 500L, 3));
      assertThat(systemd.next(WAIT)).isEqualTo("STATUS=fast-sync, head 300 of 500, 3 peers");
    }
  }
}
