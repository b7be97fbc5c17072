package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.app.systemd.NotifyReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ethfollow run` as systemd runs it: a child JVM with NOTIFY_SOCKET pointing at a unix datagram
 * socket the test binds (READY=1, STATUS=, WATCHDOG=1, STOPPING=1), and SIGHUP, which must neither
 * stop it nor change its exit code.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SystemdProcessTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();

  private static String[] args(Path data) {
    List<String> all = new ArrayList<>(List.of("run", "--data-dir", data.toString()));
    all.addAll(ChildDaemon.LOOPBACK);
    return all.toArray(new String[0]);
  }

  private int status(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void runSendsReadyOnceStatusAnswersThenStatusWatchdogAndStoppingOnSigterm() throws Exception {
    String socket = tmp.resolve("notify").toString();
    try (NotifyReceiver systemd = NotifyReceiver.bind(socket)) {
      // 2 s watchdog timeout: a ping every second.
      ChildDaemon c =
          ChildDaemon.start(
              tmp, "daemon", Map.of("NOTIFY_SOCKET", socket, "WATCHDOG_USEC", "2000000"), List.of(),
              args(tmp.resolve("data")));
      Process p = c.process();
      try {
        assertThat(systemd.nextNonPing(MINUTE)).as(c.stderr()).isEqualTo("READY=1");
        // READY=1 comes after the endpoint listens: it answers now, without waiting.
        String url = c.awaitEvent("started").get("status").asText();
        assertThat(status(url)).isEqualTo(200);
        String line = systemd.nextNonPing(MINUTE);
        assertThat(line).matches("STATUS=starting, head (none|\\d+), 0 peers");
        assertThat(systemd.next(Duration.ofSeconds(10))).isEqualTo("WATCHDOG=1");

        p.destroy(); // SIGTERM
        assertThat(systemd.nextNonPing(Duration.ofSeconds(15))).isEqualTo("STOPPING=1");
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(c.stderr()).isZero();
        assertThat(c.stderr()).isEmpty();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void sighupIsLoggedAndIgnoredThenSigtermStillStopsCleanly() throws Exception {
    ChildDaemon c = ChildDaemon.start(tmp, "daemon", args(tmp.resolve("data")));
    Process p = c.process();
    try {
      String url = c.awaitEvent("started").get("status").asText();
      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();
      JsonNode ignored = c.awaitEvent("sighup_ignored");
      assertThat(ignored.get("level").asText()).isEqualTo("INFO");
      assertThat(p.isAlive()).isTrue();
      assertThat(status(url)).isEqualTo(200);

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(c.stderr()).isZero();
      assertThat(c.awaitEvent("stopped").get("exitCode").asInt()).isZero();
      assertThat(c.awaitEvent("stopping").get("reason").asText()).isEqualTo("SIGTERM");
      assertThat(c.stderr()).isEmpty();
    } finally {
      p.destroyForcibly();
    }
  }
}
