package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.app.DevnetHarness.Producer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy JSON-RPC client does not slow sync (processes on 127.0.0.1): while a daemon follows a
 * one-second devnet, 6 client threads ask it for full blocks, block receipts and 200-block log
 * ranges back to back for 15 s. The RPC's workers are its own threads: the daemon keeps following
 * (its head moves on with the chain, lag ≤ 2 at the end) and the clients get answers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RpcLoadWhileFollowingTest {
  @TempDir Path tmp;
  private DevnetHarness net;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void kill() throws Exception {
    if (net != null) {
      net.killAll();
    }
  }

  @Test
  void theDaemonKeepsFollowingWhileTheRpcServesABusyClient() throws Exception {
    net = new DevnetHarness(tmp);
    Path genesis = net.init(71, 1000, 300);
    List<Producer> producers = net.producers(genesis, (String) null);
    ChildDaemon daemon = net.daemon("follower", genesis, tmp.resolve("follower"), producers);
    String statusUrl = DevnetHarness.statusUrl(daemon);
    String rpc = DevnetHarness.awaitEvent(daemon, "started", n -> true, Duration.ofSeconds(60))
        .get("rpc").asText();
    JsonNode following = net.awaitStatus(daemon, statusUrl, "following",
        s -> "follow".equals(s.path("mode").asText()) && s.path("lagBlocks").asLong(99) <= 2,
        Duration.ofSeconds(90));
    long headBefore = following.get("localHead").get("number").asLong();

    AtomicLong answered = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      int kind = c % 3;
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          long n = 1 + ThreadLocalRandom.current().nextLong(headBefore - 200);
          String body = switch (kind) {
            case 0 -> call("eth_getBlockByNumber", "[\"0x" + Long.toHexString(n) + "\", true]");
            case 1 -> call("eth_getBlockReceipts", "[\"0x" + Long.toHexString(n) + "\"]");
            default -> call("eth_getLogs", "[{\"fromBlock\":\"0x" + Long.toHexString(n)
                + "\",\"toBlock\":\"0x" + Long.toHexString(n + 199) + "\"}]");
          };
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rpc))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains("\"result\"")) {
              answered.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
      });
      t.start();
      clients.add(t);
    }
    for (Thread t : clients) {
      t.join();
    }
    assertThat(answered.get()).as("answers to the busy client").isGreaterThan(30);
    assertThat(failed.get()).as("failed calls").isZero();
    // One sample could land at a slot edge: the daemon must be following within 2 blocks, with its
    // head moved on with the one-second chain, within a few seconds of the load ending.
    JsonNode after = net.awaitStatus(daemon, statusUrl, "following after the load",
        s -> "follow".equals(s.path("mode").asText()) && s.path("lagBlocks").asLong(99) <= 2
            && s.path("localHead").path("number").asLong() >= headBefore + 10,
        Duration.ofSeconds(10));
    assertThat(after.get("mode").asText()).isEqualTo("follow");
    DevnetHarness.stopCleanly(daemon);
  }

  private static String call(String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
  }
}
