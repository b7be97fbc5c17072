package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.rlp.Hex;
import io.ethfollow.store.BlockData;
import io.ethfollow.testing.SyntheticChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ethfollow instances on 127.0.0.1: a daemon serving a 40-block chain from its RocksDB store, and
 * `ethfollow peer check` downloading everything from it over real RLPx, once over eth/69 and once
 * with eth/68 forced. Both downloads verify and are byte-identical to what the server stored.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeAndCheckOverLoopbackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LENGTH = 40;

  @TempDir static Path tmp;
  static SyntheticChain chain;
  static Path genesis;
  static ChildDaemon server;
  static String enode;

  @BeforeAll
  static void startServer() throws Exception {
    chain = SyntheticChain.of(LENGTH);
    genesis = chain.writeGenesis(tmp);
    Path data = tmp.resolve("server");
    chain.writeStore(data);
    List<String> args = new ArrayList<>(List.of("run", "--genesis", genesis.toString(), "--data-dir", data.toString()));
    args.addAll(ChildDaemon.LOOPBACK);
    server = ChildDaemon.start(tmp, "server", args.toArray(new String[0]));
    enode = server.awaitEvent("started").get("enode").asText();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.process().destroy();
    server.process().waitFor(15, TimeUnit.SECONDS);
    server.process().destroyForcibly();
  }

  /** The digest peer check computes, over what the server stored. */
  private static String storedDigest() {
    ContentDigest bodies = new ContentDigest();
    ContentDigest receipts = new ContentDigest();
    for (BlockData b : chain.blocks) {
      bodies.update(b.body());
      receipts.update(b.receipts());
    }
    return Hex.encode(ContentDigest.of(bodies.finish(), receipts.finish()));
  }

  private JsonNode check(String eth) throws Exception {
    CliRunner.Result r =
        CliRunner.run("peer", "check", "--peer", enode, "--genesis", genesis.toString(), "--eth", eth, "--timeout", "10s");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void aSecondInstanceDownloadsAndVerifiesEverythingOverEth69() throws Exception {
    JsonNode report = check("69");
    assertThat(report.get("eth").asInt()).isEqualTo(69);
    assertThat(report.get("client").asText()).startsWith("ethfollow/");
    assertThat(report.get("head").get("number").asLong()).isEqualTo(LENGTH);
    assertThat(report.get("head").get("hash").asText()).isEqualTo(chain.head().hash().toHex());
    assertThat(report.get("verified").get("headers").asLong()).isEqualTo(LENGTH);
    assertThat(report.get("verified").get("bodies").asLong()).isEqualTo(LENGTH);
    assertThat(report.get("verified").get("receipts").asLong()).isEqualTo(LENGTH);
    assertThat(report.get("contentDigest").asText()).isEqualTo(storedDigest());
  }

  @Test
  void eth68ForcedGivesTheSameBytesWithBloomsRecomputedByTheServer() throws Exception {
    JsonNode report = check("68");
    assertThat(report.get("eth").asInt()).isEqualTo(68);
    assertThat(report.get("verified").get("receipts").asLong()).isEqualTo(LENGTH);
    assertThat(report.get("contentDigest").asText()).isEqualTo(storedDigest());
  }

  @Test
  void aSecondDaemonSyncsTheWholeChainFromTheFirstAndStoresIdenticalBytes() throws Exception {
    Path data = tmp.resolve("follower");
    List<String> args =
        new ArrayList<>(List.of("run", "--genesis", genesis.toString(), "--data-dir", data.toString(),
            "--static-peers", enode,
            // the served chain is fixed and its blocks are old: no head-age bound for this check
            "--max-head-age", "876000h"));
    args.addAll(ChildDaemon.LOOPBACK);
    ChildDaemon follower = ChildDaemon.start(tmp, "follower", args.toArray(new String[0]));
    try {
      String statusUrl = follower.awaitEvent("started").get("status").asText();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      JsonNode status = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        status = JSON.readTree(get(http, statusUrl).body());
        if (status.path("localHead").path("number").asLong() == LENGTH) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(status.get("localHead").get("number").asLong()).as(status.toString()).isEqualTo(LENGTH);
      assertThat(status.get("localHead").get("hash").asText()).isEqualTo(chain.head().hash().toHex());
      assertThat(status.get("mode").asText()).isEqualTo("follow");
      assertThat(status.get("peers").get("connected").asInt()).isEqualTo(1);
      assertThat(status.get("networkHead").get("number").asLong()).isEqualTo(LENGTH);
      assertThat(get(http, statusUrl.replace("/status", "/health")).statusCode()).isEqualTo(200);

      JsonNode peers = JSON.readTree(get(http, statusUrl.replace("/status", "/peers")).body());
      assertThat(peers.isArray()).as(peers.toString()).isTrue();
      assertThat(peers).hasSize(1);
      JsonNode serverPeer = peers.get(0);
      assertThat("enode://" + serverPeer.get("id").asText()).isEqualTo(enode.substring(0, enode.indexOf('@')));
      assertThat(serverPeer.get("shortId").asText()).isEqualTo(serverPeer.get("id").asText().substring(0, 8));
      assertThat(serverPeer.get("client").asText()).startsWith("ethfollow/");
      assertThat(serverPeer.get("eth").asInt()).isEqualTo(69);
      assertThat(serverPeer.get("head").get("number").asLong()).isEqualTo(LENGTH);
      assertThat(serverPeer.get("head").get("hash").asText()).isEqualTo(chain.head().hash().toHex());
      assertThat(serverPeer.get("remoteAddress").asText()).startsWith("127.0.0.1:");
      assertThat(serverPeer.get("isStatic").asBoolean()).isTrue();

      // The JSON-RPC of the follower answers from what it stored: the head number and block.
      String rpcUrl = follower.awaitEvent("started").get("rpc").asText();
      JsonNode number = rpc(http, rpcUrl, "eth_blockNumber", "[]");
      assertThat(number.get("result").asText()).isEqualTo("0x" + Long.toHexString(LENGTH));
      JsonNode head = rpc(http, rpcUrl, "eth_getBlockByNumber", "[\"latest\", false]").get("result");
      assertThat(head.get("hash").asText()).isEqualTo(chain.head().hash().toHex());
      assertThat(head.get("parentHash").asText()).isEqualTo(chain.blocks.get(LENGTH - 2).hash().toHex());
      JsonNode noState = rpc(http, rpcUrl, "eth_getBalance", "[\"0x" + "00".repeat(20) + "\", \"latest\"]");
      assertThat(noState.get("error").get("code").asInt()).isEqualTo(-32601);

      java.net.http.HttpResponse<String> metrics = get(http, statusUrl.replace("/status", "/metrics"));
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain; version=0.0.4");
      java.util.Map<String, Double> samples = io.ethfollow.testing.PrometheusSamples.parse(metrics.body());
      assertThat(samples).containsEntry("ethfollow_local_head_block", (double) LENGTH);
      assertThat(samples).containsEntry("ethfollow_peers_connected", 1.0);
      assertThat(samples).containsEntry("ethfollow_mode{mode=\"follow\"}", 1.0);
    } finally {
      follower.process().destroy();
      assertThat(follower.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(follower.process().exitValue()).isZero();
    }
    CliRunner.Result verify = CliRunner.run("verify", "--data-dir", data.toString());
    assertThat(verify.exitCode()).as(verify.out()).isZero();
    assertThat(JSON.readTree(verify.out()).get("blocks").asLong()).isEqualTo(LENGTH + 1); // + genesis
    try (io.ethfollow.store.RocksBlockStore store = io.ethfollow.store.RocksBlockStore.openExisting(data, true)) {
      ContentDigest bodies = new ContentDigest();
      ContentDigest receipts = new ContentDigest();
      for (BlockData b : chain.blocks) {
        bodies.update(store.body(b.hash()).orElseThrow());
        receipts.update(store.receipts(b.hash()).orElseThrow());
      }
      assertThat(Hex.encode(ContentDigest.of(bodies.finish(), receipts.finish()))).isEqualTo(storedDigest());
    }
  }

  private static JsonNode rpc(java.net.http.HttpClient http, String url, String method, String params)
      throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    return JSON.readTree(http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url)
      throws Exception {
    return http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPeerOfAnotherChainIsRejectedAtStatusAndReported() throws Exception {
    CliRunner.Result r = CliRunner.run("peer", "check", "--peer", enode, "--network", "mainnet", "--timeout", "2s");
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode report = JSON.readTree(r.out());
    assertThat(report.get("passed").asBoolean()).isFalse();
    assertThat(report.get("problems").get(0).get("request").asText()).isEqualTo("connect");
  }
}
