package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts `ethfollow run` as a real child process (status on 127.0.0.1, an ephemeral port), reads its
 * JSON log lines and status endpoint, stops it with SIGTERM and checks the exit code, as systemd
 * would.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DaemonProcessTest {
  private static String[] args(String... first) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(ChildDaemon.LOOPBACK);
    return all.toArray(new String[0]);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void runServesStatusLogsJsonAndExitsZeroOnSigterm() throws Exception {
    Path data = tmp.resolve("data");
    ChildDaemon c = ChildDaemon.start(tmp, "daemon", args("run", "--data-dir", data.toString()));
    Process p = c.process();
    try {
      JsonNode started = c.awaitEvent("started");
      String statusUrl = started.get("status").asText();
      assertThat(statusUrl).startsWith("http://127.0.0.1:");

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(statusUrl)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode status = JSON.readTree(r.body());
      for (String key :
          List.of("version", "network", "chainId", "genesisHash", "mode", "localHead",
              "contiguousHead", "storage")) {
        assertThat(status.has(key)).as(key).isTrue();
      }
      assertThat(status.get("network").asText()).isEqualTo("mainnet");
      assertThat(status.get("enode").asText()).startsWith("enode://").contains("@127.0.0.1:");
      assertThat(status.get("peers").get("connected").asInt()).isZero();
      assertThat(started.get("enode").asText()).isEqualTo(status.get("enode").asText());
      assertThat(status.get("genesisHash").asText())
          .isEqualTo("0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("stopped within 15 s").isTrue();
      assertThat(p.exitValue()).as(c.stderr()).isZero();
      c.awaitEvent("stopped");
      for (String line : c.lines()) {
        JsonNode n = JSON.readTree(line);
        assertThat(n.has("ts") && n.has("level") && n.has("logger") && n.has("msg")).as(line).isTrue();
        assertThat(n.get("ts").asText()).endsWith("Z");
      }
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void runOnAnotherChainsDataDirExitsTwoWithAClearReason() throws Exception {
    Path data = tmp.resolve("data");
    ChildDaemon firstChild = ChildDaemon.start(tmp, "first", args("run", "--data-dir", data.toString()));
    Process first = firstChild.process();
    try {
      firstChild.awaitEvent("started");
      first.destroy();
      assertThat(first.waitFor(15, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.destroyForcibly();
    }
    ChildDaemon secondChild =
        ChildDaemon.start(tmp, "second", args("run", "--data-dir", data.toString(), "--network", "sepolia"));
    Process second = secondChild.process();
    try {
      assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String err = secondChild.stderr();
      assertThat(second.exitValue()).isEqualTo(2);
      assertThat(err).contains("belongs to another chain").contains("sepolia").contains("mainnet");
    } finally {
      second.destroyForcibly();
    }
  }

  /**
   * A status address another process holds: the operator's setting to fix, so exit 2 with one line on
   * stderr naming the address (not "unexpected error: IllegalStateException").
   */
  @Test
  void runWithAStatusAddressInUseExitsTwoWithOneLine() throws Exception {
    try (java.net.ServerSocket busy =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String taken = "127.0.0.1:" + busy.getLocalPort();
      List<String> all = new ArrayList<>(ChildDaemon.LOOPBACK);
      int at = all.indexOf("--status-addr");
      all.set(at + 1, taken);
      List<String> cmd = new ArrayList<>(List.of("run", "--data-dir", tmp.resolve("d").toString()));
      cmd.addAll(all);
      ChildDaemon child = ChildDaemon.start(tmp, "busy", cmd.toArray(new String[0]));
      Process p = child.process();
      try {
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        String err = child.stderr().strip();
        assertThat(err.lines().count()).isEqualTo(1);
        assertThat(err).startsWith("ethfollow: cannot bind the status endpoint to")
            .contains(taken).contains("in use");
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
