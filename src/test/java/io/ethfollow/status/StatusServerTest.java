package io.ethfollow.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AtomicReference<StatusDocument> published = new AtomicReference<>();
  private StatusServer server;

  @BeforeEach
  void start() {
    published.set(document("starting", null));
    server = StatusServer.start(new InetSocketAddress("127.0.0.1", 0), published::get);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static StatusDocument document(String mode, StatusDocument.Head head) {
    return new StatusDocument(
        "0.1.0",
        "mainnet",
        1,
        "0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3",
        mode,
        head,
        head == null ? null : head.number(),
        new StatusDocument.Storage(head == null ? 0 : 1, 4096),
        "/var/lib/ethfollow",
        7,
        null,
        new StatusDocument.Peers(0, 0, 0, 0, 0, 0, 0, 0),
        "enode://" + "ab".repeat(64) + "@127.0.0.1:30303",
        null,
        head == null ? null : 0L,
        null,
        null,
        null, null, null);
  }

  private static StatusDocument withNetwork(StatusDocument d, long networkHead, long lag) {
    return new StatusDocument(
        d.version(), d.network(), d.chainId(), d.genesisHash(), d.mode(), d.localHead(),
        d.contiguousHead(), d.storage(), d.dataDir(), d.uptimeSec(),
        new StatusDocument.NetworkHead(networkHead, "0x02", 3), d.peers(), d.enode(), d.p2p(), lag,
        new StatusDocument.Queue(0, 0, 0), null, new StatusDocument.Rates(0.083, 0.083), null, null);
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return LoopbackHttp.send(server.address(), method, path);
  }

  @Test
  void statusServesThePublishedDocumentWithTheStableKeys() throws Exception {
    HttpResponse<String> r = send("GET", "/status");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.get("version").asText()).isEqualTo("0.1.0");
    assertThat(doc.get("network").asText()).isEqualTo("mainnet");
    assertThat(doc.get("chainId").asLong()).isEqualTo(1);
    assertThat(doc.get("genesisHash").asText()).startsWith("0xd4e56740");
    assertThat(doc.get("mode").asText()).isEqualTo("starting");
    assertThat(doc.get("storage").get("bytes").asLong()).isEqualTo(4096);
    assertThat(doc.get("localHead").isNull()).isTrue();
    assertThat(doc.get("contiguousHead").isNull()).isTrue();
    assertThat(doc.get("peers").get("connected").asInt()).isZero();
    assertThat(doc.get("enode").asText()).startsWith("enode://");
    assertThat(doc.has("networkHead")).isFalse();
  }

  @Test
  void statusReflectsTheLatestPublishedSnapshot() throws Exception {
    published.set(document("follow", new StatusDocument.Head(42, "0xabc")));
    JsonNode doc = JSON.readTree(send("GET", "/status").body());
    assertThat(doc.get("localHead").get("number").asLong()).isEqualTo(42);
    assertThat(doc.get("contiguousHead").asLong()).isEqualTo(42);
  }

  @Test
  void healthIs503WithAReasonUntilFollowing() throws Exception {
    HttpResponse<String> r = send("GET", "/health");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(r.body()).get("reason").asText()).contains("starting");
    StatusDocument following = document("follow", new StatusDocument.Head(1, "0x01"));
    published.set(following);
    HttpResponse<String> noPeers = send("GET", "/health");
    assertThat(noPeers.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(noPeers.body()).get("reason").asText()).contains("no peer");
    published.set(withNetwork(following, 1, 0));
    assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
    published.set(withNetwork(following, 10, 9));
    HttpResponse<String> behind = send("GET", "/health");
    assertThat(behind.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(behind.body()).get("reason").asText()).contains("9 blocks behind");
  }

  @Test
  void unknownPathIs404WithJsonError() throws Exception {
    HttpResponse<String> r = send("GET", "/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("/nope");
  }

  @Test
  void otherMethodsAre405WithAllowHeader() throws Exception {
    HttpResponse<String> r = send("POST", "/status");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(JSON.readTree(r.body()).has("error")).isTrue();
  }

  @Test
  void oversizedRequestIsRejectedNotBuffered() throws Exception {
    HttpResponse<String> r = LoopbackHttp.send(
        HttpRequest.newBuilder(LoopbackHttp.uri(server.address(), "/status"))
            .header("x-filler", "a".repeat(20_000))
            .GET());
    assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
  }

  @Test
  void bindingAnAddressInUseFailsWithAClearMessage() {
    assertThatThrownBy(() -> StatusServer.start(server.address(), published::get))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("cannot bind the status endpoint");
  }
}
