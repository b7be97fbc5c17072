package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.app.DevnetHarness.Producer;
import io.ethfollow.http.PipelineFlood;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe of issue 10 against a real daemon that follows a devnet (processes on 127.0.0.1):
 * 20 clients pipelining 20,000 GET /status each and never reading, plus 20 pipelining JSON-RPC
 * posts likewise, for 15 s. Meanwhile the daemon keeps following (its head moves on), a fresh
 * {@code /status} answers within 1 s every time, and afterwards it answers at once and stops with
 * exit 0.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileClientsWhileFollowingTest {
  @TempDir Path tmp;
  private DevnetHarness net;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @AfterEach
  void killChildren() throws Exception {
    if (net != null) {
      net.killAll();
    }
  }

  private long statusMillis(String url) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void pipeliningClientsThatNeverReadDoNotStopFollowingOrTheStatusEndpoint() throws Exception {
    net = new DevnetHarness(tmp);
    Path genesis = net.init(51, 1000, 200);
    List<Producer> producers = net.producers(genesis, (String) null);
    ChildDaemon daemon = net.daemon("follower", genesis, tmp.resolve("follower"), producers);
    String statusUrl = DevnetHarness.statusUrl(daemon);
    URI status = URI.create(statusUrl);
    URI rpc = URI.create(DevnetHarness.awaitEvent(daemon, "started", n -> true, Duration.ofSeconds(60))
        .get("rpc").asText());
    JsonNode following = net.awaitStatus(daemon, statusUrl, "following",
        s -> "follow".equals(s.path("mode").asText()) && s.path("lagBlocks").asLong(99) <= 2,
        Duration.ofSeconds(90));
    long headBefore = following.get("localHead").get("number").asLong();

    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}";
    try (PipelineFlood statusFlood = new PipelineFlood(
            new InetSocketAddress("127.0.0.1", status.getPort()), 20, 20_000,
            "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        PipelineFlood rpcFlood = new PipelineFlood(
            new InetSocketAddress("127.0.0.1", rpc.getPort()), 20, 2_000,
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body)) {
      CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> pump(statusFlood));
      CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> pump(rpcFlood));
      long worst = 0;
      for (int i = 0; i < 10; i++) {
        worst = Math.max(worst, statusMillis(statusUrl));
        Thread.sleep(1_000);
      }
      assertThat(worst).as("slowest /status during the flood (ms)").isLessThan(1_000);
      a.get(30, TimeUnit.SECONDS);
      b.get(30, TimeUnit.SECONDS);
      JsonNode during = net.status(statusUrl);
      assertThat(during.get("mode").asText()).isEqualTo("follow");
      assertThat(during.get("localHead").get("number").asLong())
          .as("the head moved on during the flood").isGreaterThanOrEqualTo(headBefore + 5);
    }
    assertThat(statusMillis(statusUrl)).as("/status right after the clients left (ms)").isLessThan(1_000);
    DevnetHarness.stopCleanly(daemon);
  }

  private static long pump(PipelineFlood flood) {
    try {
      return flood.pump(Duration.ofSeconds(15));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
