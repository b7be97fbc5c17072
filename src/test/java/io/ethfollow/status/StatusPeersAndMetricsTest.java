package io.ethfollow.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.testing.PrometheusSamples;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /peers} and {@code GET /metrics} through the real {@link StatusServer} on loopback. */
class StatusPeersAndMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ID = "0123456789abcdef".repeat(8);

  private final AtomicReference<StatusDocument> status = new AtomicReference<>();
  private final AtomicReference<List<PeerEntry>> peers = new AtomicReference<>(List.of());
  private StatusServer server;

  @BeforeEach
  void start() {
    status.set(following());
    server = StatusServer.start(new InetSocketAddress("127.0.0.1", 0), status::get, peers::get);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static StatusDocument following() {
    return new StatusDocument(
        "0.1.0", "mainnet", 1, "0xd4e5", "follow", new StatusDocument.Head(100, "0xaa"), 99L,
        new StatusDocument.Storage(101, 123_456), "/var/lib/ethfollow", 3600,
        new StatusDocument.NetworkHead(101, "0xbb", 2),
        new StatusDocument.Peers(3, 1, 1, 1, 0, 2, 4, 50), "enode://x",
        new StatusDocument.P2p(10, 2, 1, 0, 77, 5, 3), 1L, new StatusDocument.Queue(4, 1, 0), null,
        new StatusDocument.Rates(0.083, 0.08), null, null);
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return LoopbackHttp.send(server.address(), method, path);
  }

  @Test
  void peersIsAnEmptyJsonListWithoutPeers() throws Exception {
    HttpResponse<String> r = send("GET", "/peers");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode list = JSON.readTree(r.body());
    assertThat(list.isArray()).isTrue();
    assertThat(list).isEmpty();
  }

  @Test
  void peersListsEveryPublishedPeerWithItsHeadCooldownAndAddress() throws Exception {
    peers.set(
        List.of(
            new PeerEntry(ID, ID.substring(0, 8), "Geth/v1.16.0", 69, new StatusDocument.Head(101, "0xbb"),
                "cooling", "2026-01-01T00:00:05Z", -3, 0, "10.0.0.1:30303", false),
            new PeerEntry(ID.replace('0', 'f'), "f1234567", "reth/1.4", 68, null, "ready", null, 0,
                null, "[::1]:30303", true)));
    JsonNode list = JSON.readTree(send("GET", "/peers").body());
    assertThat(list).hasSize(2);
    JsonNode p = list.get(0);
    assertThat(p.get("id").asText()).isEqualTo(ID);
    assertThat(p.get("shortId").asText()).isEqualTo("01234567");
    assertThat(p.get("client").asText()).isEqualTo("Geth/v1.16.0");
    assertThat(p.get("eth").asInt()).isEqualTo(69);
    assertThat(p.get("head").get("number").asLong()).isEqualTo(101);
    assertThat(p.get("head").get("hash").asText()).isEqualTo("0xbb");
    assertThat(p.get("state").asText()).isEqualTo("cooling");
    assertThat(p.get("cooldownUntil").asText()).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(p.get("reputation").asInt()).isEqualTo(-3);
    assertThat(p.get("inFlight").asInt()).isZero();
    assertThat(p.get("remoteAddress").asText()).isEqualTo("10.0.0.1:30303");
    JsonNode q = list.get(1);
    assertThat(q.get("head").isNull()).isTrue();
    assertThat(q.get("cooldownUntil").isNull()).isTrue();
    assertThat(q.has("inFlight")).as("unknown in-flight count is omitted").isFalse();
    assertThat(q.get("isStatic").asBoolean()).isTrue();
  }

  @Test
  void metricsIsPrometheusTextWithTheStatusFigures() throws Exception {
    HttpResponse<String> r = send("GET", "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    Map<String, Double> m = PrometheusSamples.parse(r.body());
    assertThat(m)
        .containsEntry("ethfollow_local_head_block", 100.0)
        .containsEntry("ethfollow_contiguous_head_block", 99.0)
        .containsEntry("ethfollow_network_head_block", 101.0)
        .containsEntry("ethfollow_lag_blocks", 1.0)
        .containsEntry("ethfollow_blocks_per_second{window=\"1m\"}", 0.083)
        .containsEntry("ethfollow_peers_connected", 3.0)
        .containsEntry("ethfollow_peers{state=\"ready\"}", 1.0)
        .containsEntry("ethfollow_peers{state=\"banned\"}", 2.0)
        .containsEntry("ethfollow_sync_queue_blocks{kind=\"pending\"}", 4.0)
        .containsEntry("ethfollow_storage_blocks", 101.0)
        .containsEntry("ethfollow_storage_bytes", 123_456.0)
        .containsEntry("ethfollow_p2p_events_total{kind=\"sessions_opened\"}", 10.0)
        .containsEntry("ethfollow_p2p_events_total{kind=\"requests_served\"}", 77.0)
        .containsEntry("ethfollow_p2p_events_total{kind=\"connections_refused\"}", 3.0)
        .containsEntry("ethfollow_uptime_seconds", 3600.0)
        .containsEntry("ethfollow_mode{mode=\"follow\"}", 1.0)
        .containsEntry("ethfollow_mode{mode=\"starting\"}", 0.0)
        .containsKey(
            "ethfollow_info{version=\"0.1.0\",network=\"mainnet\",chain_id=\"1\",genesis_hash=\"0xd4e5\"}");
    assertThat(r.body()).contains("# TYPE ethfollow_p2p_events_total counter\n");
    assertThat(r.body()).contains("# HELP ethfollow_local_head_block ");
  }

  @Test
  void metricsLeavesOutFiguresTheDaemonDoesNotHaveYet() throws Exception {
    status.set(
        new StatusDocument("0.1.0", "my \"dev\"\\net", 1337, "0x01", "starting", null, null,
            new StatusDocument.Storage(0, 0), "/tmp", 0, null, null, null, null, null, null, null, null, null,
            null));
    Map<String, Double> m = PrometheusSamples.parse(send("GET", "/metrics").body());
    assertThat(m).doesNotContainKeys("ethfollow_local_head_block", "ethfollow_lag_blocks",
        "ethfollow_network_head_block");
    assertThat(m).containsEntry("ethfollow_mode{mode=\"starting\"}", 1.0);
    assertThat(m.keySet()).anyMatch(k -> k.contains("network=\"my \\\"dev\\\"\\\\net\""));
  }

  @Test
  void peersAndMetricsRefuseOtherMethodsWith405() throws Exception {
    assertThat(send("POST", "/metrics").statusCode()).isEqualTo(405);
    assertThat(send("DELETE", "/peers").statusCode()).isEqualTo(405);
    assertThat(send("GET", "/metrics/x").statusCode()).isEqualTo(404);
  }
}
