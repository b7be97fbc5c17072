package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devnet producers as child JVMs on 127.0.0.1, all from one genesis.json with a 100-block prefill and
 * a block time of one hour (so the head stays at 100 during the test): `peer check` downloads and
 * verifies a healthy producer's chain, a daemon follows it and its store passes `verify`, and each
 * fault shows the effect it promises.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DevnetServeOverLoopbackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HEAD = 100;
  private static final long HOUR_MS = 3_600_000;

  @TempDir static Path tmp;
  static Path genesis;
  static String headHash;
  static final Map<String, ChildDaemon> producers = new LinkedHashMap<>();
  static final Map<String, String> enodes = new LinkedHashMap<>();

  @BeforeAll
  static void startProducers() throws Exception {
    Path dir = tmp.resolve("net");
    // Genesis 100.5 hours ago: block 100 is due, block 101 only in half an hour.
    long genesisTime = System.currentTimeMillis() / 1000 - (HEAD * HOUR_MS + HOUR_MS / 2) / 1000;
    CliRunner.Result init = CliRunner.run("devnet", "init", "--out", dir.toString(), "--seed", "21",
        "--block-time", "1h", "--prefill", String.valueOf(HEAD), "--genesis-time", String.valueOf(genesisTime));
    assertThat(init.exitCode()).as(init.err()).isZero();
    headHash = JSON.readTree(init.out()).get("head").get("hash").asText();
    genesis = dir.resolve("genesis.json");
    Map<String, String> faults = new LinkedHashMap<>();
    faults.put("healthy", null);
    faults.put("empty", "empty:1.0");
    faults.put("invalid", "invalid:1.0");
    faults.put("behind", "lag:7200000,stale:10");
    faults.put("silent", "timeout:1.0");
    faults.put("dropper", "disconnect:1.0");
    for (Map.Entry<String, String> f : faults.entrySet()) {
      List<String> args = new ArrayList<>(List.of("devnet", "serve", "--genesis", genesis.toString(), "--port", "0",
          "--data-dir", tmp.resolve(f.getKey()).toString()));
      if (f.getValue() != null) {
        args.addAll(List.of("--fault", f.getValue()));
      }
      producers.put(f.getKey(), ChildDaemon.start(tmp, f.getKey(), args.toArray(new String[0])));
    }
    for (Map.Entry<String, ChildDaemon> p : producers.entrySet()) {
      enodes.put(p.getKey(), awaitEnode(p.getValue()));
    }
  }

  /** The first stdout line of a producer is its enode. */
  static String awaitEnode(ChildDaemon p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      List<String> lines = p.lines();
      if (!lines.isEmpty()) {
        assertThat(lines.get(0)).startsWith("enode://").contains("@127.0.0.1:");
        return lines.get(0);
      }
      assertThat(p.process().isAlive()).as(p.stderr()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("no enode line; stderr: " + p.stderr());
  }

  @AfterAll
  static void stopProducers() throws Exception {
    for (ChildDaemon p : producers.values()) {
      p.process().destroy();
    }
    for (ChildDaemon p : producers.values()) {
      if (!p.process().waitFor(15, TimeUnit.SECONDS)) {
        p.process().destroyForcibly();
      }
    }
  }

  private static JsonNode check(String producer, String timeout) throws Exception {
    CliRunner.Result r = CliRunner.run("peer", "check", "--peer", enodes.get(producer), "--genesis",
        genesis.toString(), "--timeout", timeout);
    return JSON.readTree(r.out());
  }

  @Test
  void aHealthyProducerServesTheWholeChainAndItVerifies() throws Exception {
    JsonNode report = check("healthy", "10s");
    assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.get("head").get("number").asLong()).isEqualTo(HEAD);
    assertThat(report.get("head").get("hash").asText()).isEqualTo(headHash);
    assertThat(report.get("verified").get("receipts").asLong()).isEqualTo(HEAD);
    JsonNode started = null;
    List<String> lines = producers.get("healthy").lines();
    for (String line : lines.subList(1, lines.size())) { // line 0 is the enode, the rest JSON logs
      JsonNode n = JSON.readTree(line);
      if ("started".equals(n.path("event").asText())) {
        started = n;
      }
    }
    assertThat(started).as(lines.toString()).isNotNull();
    assertThat(started.get("store").asText()).isEqualTo("cloned (hard links)");
    assertThat(started.get("enode").asText()).isEqualTo(enodes.get("healthy"));
  }

  @Test
  void aDaemonFollowsAProducerAndItsStorePassesVerify() throws Exception {
    Path data = tmp.resolve("follower");
    List<String> args = new ArrayList<>(List.of("run", "--genesis", genesis.toString(), "--data-dir", data.toString(),
        "--static-peers", enodes.get("healthy")));
    args.addAll(ChildDaemon.LOOPBACK);
    ChildDaemon follower = ChildDaemon.start(tmp, "follower", args.toArray(new String[0]));
    try {
      String statusUrl = follower.awaitEvent("started").get("status").asText();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      JsonNode status = null;
      while (System.nanoTime() < deadline) {
        status = JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(statusUrl)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        if (status.path("localHead").path("number").asLong() == HEAD) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(status.get("localHead").get("hash").asText()).as(status.toString()).isEqualTo(headHash);
    } finally {
      follower.process().destroy();
      assertThat(follower.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
    }
    CliRunner.Result verify = CliRunner.run("verify", "--data-dir", data.toString());
    assertThat(verify.exitCode()).as(verify.out()).isZero();
    assertThat(JSON.readTree(verify.out()).get("blocks").asLong()).isEqualTo(HEAD + 1);
  }

  @Test
  void emptyFaultAnswersWithNothing() throws Exception {
    JsonNode report = check("empty", "3s");
    assertThat(report.get("passed").asBoolean()).isFalse();
    assertThat(report.get("problems").get(0).get("kind").asText()).isEqualTo("empty");
  }

  @Test
  void invalidFaultServesBodiesTheCheckerRejects() throws Exception {
    JsonNode report = check("invalid", "5s");
    assertThat(report.get("passed").asBoolean()).isFalse();
    assertThat(report.get("verified").get("headers").asLong()).isEqualTo(HEAD);
    JsonNode problem = report.get("problems").get(0);
    assertThat(problem.get("request").asText()).isEqualTo("bodies");
    assertThat(problem.get("kind").asText()).isEqualTo("invalid");
  }

  @Test
  void lagAndStaleKeepTheProducersHeadBehindTheNetworks() throws Exception {
    JsonNode report = check("behind", "10s");
    assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
    // lag of 2 h = 2 blocks at one block per hour, plus 10 stale blocks
    assertThat(report.get("head").get("number").asLong()).isEqualTo(HEAD - 12);
  }

  @Test
  void timeoutFaultNeverAnswers() throws Exception {
    JsonNode report = check("silent", "1s");
    assertThat(report.get("passed").asBoolean()).isFalse();
    assertThat(report.toString()).contains("\"kind\":\"timeout\"");
  }

  @Test
  void disconnectFaultDropsTheSession() throws Exception {
    JsonNode report = check("dropper", "3s");
    assertThat(report.get("passed").asBoolean()).isFalse();
    assertThat(report.get("verified").get("headers").asLong()).isZero();
    assertThat(Files.readString(producers.get("dropper").out())).contains("\"event\":\"started\"");
  }
}
