package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.chain.Hash;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.RocksBlockStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A devnet on 127.0.0.1 for end-to-end tests: `devnet init` (in-process), producers and daemons as
 * child JVMs ({@link ChildDaemon}), `/status` polling, stop by signal. Every child it starts is
 * remembered; {@link #killAll()} ends them (SIGKILL), so a failing test leaves nothing running.
 */
final class DevnetHarness {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ChildDaemon> children = new ArrayList<>();
  private int names;

  DevnetHarness(Path dir) {
    this.dir = dir;
  }

  /** `devnet init --out DIR/net` with a small profile; returns genesis.json. */
  Path init(long seed, long blockTimeMs, long prefill, String... extra) {
    Path out = dir.resolve("net");
    List<String> args = new ArrayList<>(List.of("devnet", "init", "--out", out.toString(), "--seed",
        String.valueOf(seed), "--block-time", String.valueOf(blockTimeMs), "--profile", "small", "--prefill",
        String.valueOf(prefill)));
    args.addAll(List.of(extra));
    CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return out.resolve("genesis.json");
  }

  /** A producer started with `devnet serve` (null fault: honest). */
  record Producer(String name, ChildDaemon child, String enode, Path dataDir) {}

  /** Starts one producer per fault spec (null: honest), all at once, and waits for their enodes. */
  List<Producer> producers(Path genesis, String... faults) throws Exception {
    List<ChildDaemon> started = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String fault : faults) {
      String name = "producer" + (++this.names);
      List<String> args = new ArrayList<>(List.of("devnet", "serve", "--genesis", genesis.toString(), "--port", "0",
          "--data-dir", dir.resolve(name).toString()));
      if (fault != null) {
        args.addAll(List.of("--fault", fault));
      }
      started.add(start(name, args));
      names.add(name);
    }
    List<Producer> out = new ArrayList<>();
    for (int i = 0; i < started.size(); i++) {
      out.add(new Producer(names.get(i), started.get(i),
          DevnetServeOverLoopbackTest.awaitEnode(started.get(i)), dir.resolve(names.get(i))));
    }
    return out;
  }

  /** `ethfollow run` on the devnet with the producers as static peers, from block 0, on loopback. */
  ChildDaemon daemon(String name, Path genesis, Path dataDir, List<Producer> peers, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--genesis", genesis.toString(), "--data-dir",
        dataDir.toString(), "--start-block", "0", "--static-peers",
        String.join(",", peers.stream().map(Producer::enode).toList())));
    args.addAll(ChildDaemon.LOOPBACK);
    args.addAll(List.of(extra));
    return start(name, args);
  }

  private ChildDaemon start(String name, List<String> args) throws Exception {
    ChildDaemon c = ChildDaemon.start(dir, name, args.toArray(new String[0]));
    synchronized (children) {
      children.add(c);
    }
    return c;
  }

  /** SIGKILL to every child still running, then waits for them. */
  void killAll() throws InterruptedException {
    synchronized (children) {
      for (ChildDaemon c : children) {
        c.process().destroyForcibly();
      }
      for (ChildDaemon c : children) {
        c.process().waitFor(10, TimeUnit.SECONDS);
      }
      children.clear();
    }
  }

  /** JSON log events named {@code event} so far (non-JSON lines, like a producer's enode line, skipped). */
  static List<JsonNode> events(ChildDaemon c, String event) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : c.lines()) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      if (event.equals(n.path("event").asText())) {
        out.add(n);
      }
    }
    return out;
  }

  /** The first matching event within {@code timeout}. */
  static JsonNode awaitEvent(ChildDaemon c, String event, Predicate<JsonNode> match, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode n : events(c, event)) {
        if (match.test(n)) {
          return n;
        }
      }
      assertThat(c.process().isAlive()).as("process alive; stderr: %s", c.stderr()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("no matching '" + event + "' event in " + timeout + "; log tail: " + tail(c));
  }

  static String tail(ChildDaemon c) throws Exception {
    List<String> lines = c.lines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\nstderr: " + c.stderr();
  }

  /** The daemon's status URL, from its `started` event. */
  static String statusUrl(ChildDaemon c) throws Exception {
    return awaitEvent(c, "started", n -> true, Duration.ofSeconds(60)).get("status").asText();
  }

  JsonNode status(String statusUrl) throws IOException, InterruptedException {
    return JSON.readTree(get(statusUrl).body());
  }

  /** GET {@code path} next to the status URL (for example /health). */
  HttpResponse<String> get(String statusUrl, String path) throws IOException, InterruptedException {
    return get(statusUrl.replaceFirst("/status$", path));
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls /status every 100 ms until {@code done} holds (the process must stay alive). */
  JsonNode awaitStatus(ChildDaemon c, String statusUrl, String what, Predicate<JsonNode> done, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      assertThat(c.process().isAlive()).as("daemon alive while waiting for %s; log tail: %s", what, tail(c)).isTrue();
      last = status(statusUrl);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not " + what + " within " + timeout + "; last status: " + last + "\nlog tail: " + tail(c));
  }

  /**
   * Once following within 2 blocks, watches the head advance by {@code blocks}: every /status sample
   * in follow mode with lag ≤ 2, and /health 200. Returns the last status.
   */
  JsonNode assertFollowsTheHead(ChildDaemon c, String statusUrl, int blocks, Duration timeout) throws Exception {
    JsonNode caughtUp = awaitStatus(c, statusUrl, "following within 2 blocks",
        s -> "follow".equals(s.path("mode").asText()) && s.has("lagBlocks") && s.get("lagBlocks").asLong() <= 2,
        timeout);
    long from = caughtUp.get("localHead").get("number").asLong();
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode s = caughtUp;
    int samples = 0;
    while (s.get("localHead").get("number").asLong() < from + blocks) {
      assertThat(System.nanoTime()).as("head advanced %d blocks from %d; last %s", blocks, from, s).isLessThan(deadline);
      Thread.sleep(250);
      s = status(statusUrl);
      assertThat(s.get("mode").asText()).as(s.toString()).isEqualTo("follow");
      assertThat(s.get("lagBlocks").asLong()).as("lag while following: %s", s).isLessThanOrEqualTo(2);
      HttpResponse<String> health = get(statusUrl, "/health");
      assertThat(health.statusCode()).as("/health: %s", health.body()).isEqualTo(200);
      samples++;
    }
    assertThat(samples).isGreaterThan(0);
    return s;
  }

  /** SIGTERM; the process must exit 0 within 15 s and log `stopped`. */
  static void stopCleanly(ChildDaemon c) throws Exception {
    c.process().destroy();
    assertThat(c.process().waitFor(15, TimeUnit.SECONDS)).as("stopped within 15 s").isTrue();
    assertThat(c.process().exitValue()).as("exit code; stderr: %s", c.stderr()).isZero();
    assertThat(events(c, "stopped")).hasSize(1);
  }

  /** SIGKILL, as `kill -9`. */
  static void killHard(ChildDaemon c) throws Exception {
    c.process().destroyForcibly();
    assertThat(c.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(c.process().exitValue()).isEqualTo(137);
  }

  /** `ethfollow verify --data-dir D`: must pass; returns its JSON summary. */
  static JsonNode verify(Path dataDir) throws Exception {
    CliRunner.Result r = CliRunner.run("verify", "--data-dir", dataDir.toString());
    assertThat(r.exitCode()).as("verify %s: %s %s", dataDir, r.out(), r.err()).isZero();
    JsonNode summary = JSON.readTree(r.out());
    assertThat(summary.get("passed").asBoolean()).isTrue();
    assertThat(summary.get("problemCount").asLong()).isZero();
    return summary;
  }

  /** `ethfollow db stats --data-dir D` (the store must not be open elsewhere). */
  static JsonNode dbStats(Path dataDir) throws Exception {
    CliRunner.Result r = CliRunner.run("db", "stats", "--data-dir", dataDir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  /** The canonical hash at {@code number} in a stopped producer's store. */
  static String producerHash(Producer p, long number) {
    try (BlockStore store = RocksBlockStore.openExisting(p.dataDir().resolve("store"), true)) {
      return store.canonicalHash(number).map(Hash::toHex).orElse(null);
    }
  }
}
