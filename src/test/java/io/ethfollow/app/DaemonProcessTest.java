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
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  /** A child process whose stdout/stderr go to files (pipes can lose the tail when it exits). */
  private record Child(Process process, Path out, Path err) {
    String stderr() throws Exception {
      return Files.readString(err);
    }
  }

  private Child start(String name, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", cp, Main.class.getName()));
    cmd.addAll(List.of(args));
    Path out = tmp.resolve(name + ".out");
    Path err = tmp.resolve(name + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Child(p, out, err);
  }

  /** Log lines written so far (complete lines only). */
  private static List<String> lines(Child c) throws Exception {
    String text = Files.readString(c.out());
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  private static JsonNode awaitEvent(Child c, String event) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (String line : lines(c)) {
        JsonNode n = JSON.readTree(line);
        if (event.equals(n.path("event").asText())) {
          return n;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + event + "' event; log: " + lines(c) + " stderr: " + c.stderr());
  }

  @Test
  void runServesStatusLogsJsonAndExitsZeroOnSigterm() throws Exception {
    Path data = tmp.resolve("data");
    Child c = start("daemon", "run", "--data-dir", data.toString(), "--status-addr", "127.0.0.1:0",
        "--port", "0", "--listen-addr", "127.0.0.1", "--no-discovery");
    Process p = c.process();
    try {
      JsonNode started = awaitEvent(c, "started");
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
      awaitEvent(c, "stopped");
      for (String line : lines(c)) {
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
    Child firstChild = start("first", "run", "--data-dir", data.toString(), "--status-addr", "127.0.0.1:0",
        "--port", "0", "--listen-addr", "127.0.0.1", "--no-discovery");
    Process first = firstChild.process();
    try {
      awaitEvent(firstChild, "started");
      first.destroy();
      assertThat(first.waitFor(15, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.destroyForcibly();
    }
    Child secondChild =
        start("second", "run", "--data-dir", data.toString(), "--network", "sepolia", "--status-addr",
            "127.0.0.1:0", "--port", "0", "--listen-addr", "127.0.0.1", "--no-discovery");
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
}
