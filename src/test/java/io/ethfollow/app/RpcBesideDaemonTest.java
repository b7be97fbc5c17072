package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.app.DevnetHarness.Producer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ethfollow rpc --data-dir DIR} beside a daemon that follows a devnet into DIR (processes on
 * 127.0.0.1): it serves the daemon's store as a RocksDB secondary and sees each new block within
 * about a second of the daemon writing it; it stops with exit 0 on SIGTERM.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RpcBesideDaemonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private DevnetHarness net;
  private ChildDaemon reader;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void kill() throws Exception {
    if (reader != null) {
      reader.process().destroyForcibly();
    }
    if (net != null) {
      net.killAll();
    }
  }

  private long blockNumber(String url) throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return Long.decode(JSON.readTree(r.body()).get("result").asText());
  }

  @Test
  void theReadOnlyRpcSeesTheDaemonsNewBlocksWithinASecond() throws Exception {
    net = new DevnetHarness(tmp);
    Path genesis = net.init(61, 1000, 100);
    List<Producer> producers = net.producers(genesis, (String) null);
    Path data = tmp.resolve("follower");
    ChildDaemon daemon = net.daemon("follower", genesis, data, producers);
    String statusUrl = DevnetHarness.statusUrl(daemon);
    net.awaitStatus(daemon, statusUrl, "following",
        s -> "follow".equals(s.path("mode").asText()) && s.path("lagBlocks").asLong(99) <= 2,
        Duration.ofSeconds(90));

    reader = ChildDaemon.start(tmp, "reader", "rpc", "--data-dir", data.toString(),
        "--genesis", genesis.toString(), "--rpc-addr", "127.0.0.1:0");
    String rpcUrl = DevnetHarness.awaitEvent(reader, "rpc_started", n -> true, Duration.ofSeconds(60))
        .get("rpc").asText();
    int samples = 0;
    for (int i = 0; i < 8; i++) {
      Thread.sleep(1_000);
      JsonNode s = net.status(statusUrl);
      long written = s.get("contiguousHead").asLong();
      long served = blockNumber(rpcUrl);
      // a block the daemon wrote ~1 s ago must be visible: one catch-up (0.5 s) and one block of slack
      assertThat(served).as("rpc %d vs daemon %d", served, written).isBetween(written - 2, written + 1);
      samples++;
    }
    assertThat(samples).isEqualTo(8);
    long first = blockNumber(rpcUrl);
    Thread.sleep(3_000);
    assertThat(blockNumber(rpcUrl)).as("new blocks keep appearing").isGreaterThan(first);
    reader.process().destroy();
    assertThat(reader.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(reader.process().exitValue()).as(reader.stderr()).isZero();
    DevnetHarness.stopCleanly(daemon);
  }
}
