package io.ethfollow.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ethfollow.http.RawConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JSON-RPC over real HTTP on 127.0.0.1: POST only, JSON only, allowed hosts, CORS, order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RpcServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private RpcServer server;

  private void start(RpcAccess access) {
    RpcDispatcher d = new RpcDispatcher(Map.of(
        "eth_chainId", p -> TextNode.valueOf("0x1"),
        "slow", p -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return TextNode.valueOf("slow");
        },
        "fast", p -> TextNode.valueOf("fast")), 100, 1 << 20);
    server = RpcServer.start(new InetSocketAddress("127.0.0.1", 0), d, access,
        RpcServer.httpLimits(RpcLimits.DEFAULTS));
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
  }

  private HttpResponse<String> post(String body, String contentType) throws Exception {
    return http.send(HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPostedCallIsAnsweredAsJson() throws Exception {
    start(RpcAccess.LOCAL);
    HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_chainId\"}", "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.get("id").asInt()).isEqualTo(7);
    assertThat(n.get("result").asText()).isEqualTo("0x1");
  }

  @Test
  void otherMethodsAndContentTypesAreRefused() throws Exception {
    start(RpcAccess.LOCAL);
    assertThat(post("{}", "text/plain").statusCode()).isEqualTo(415);
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("allow")).hasValue("POST, OPTIONS");
  }

  /** geth's defence against DNS rebinding: a page on evil.example reaching 127.0.0.1 says so in Host. */
  @Test
  void aHostOutsideTheAllowlistIsForbidden() throws Exception {
    start(RpcAccess.LOCAL);
    try (RawConnection c = RawConnection.open(server.address())) {
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}";
      c.send("POST / HTTP/1.1\r\nHost: evil.example:8545\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body);
      assertThat(c.readResponseWithBody()).startsWith("http/1.1 403").contains("invalid host specified");
    }
    try (RawConnection c = RawConnection.open(server.address())) {
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}";
      c.send("POST / HTTP/1.1\r\nHost: localhost:8545\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body);
      assertThat(c.readResponseWithBody()).startsWith("http/1.1 200").contains("\"result\":\"0x1\"");
    }
  }

  @Test
  void corsIsOffUnlessAnOriginIsAllowed() throws Exception {
    start(RpcAccess.LOCAL);
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(uri())
        .header("Content-Type", "application/json").header("Origin", "https://app.example")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    server.close();
    start(new RpcAccess(Set.of("localhost", "127.0.0.1"), Set.of("https://app.example")));
    HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(uri())
        .header("Content-Type", "application/json").header("Origin", "https://app.example")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
  }

  /** Pipelined calls on one connection are answered in order even when the first is slow. */
  @Test
  void pipelinedAnswersKeepTheirOrder() throws Exception {
    start(RpcAccess.LOCAL);
    try (RawConnection c = RawConnection.open(server.address())) {
      StringBuilder two = new StringBuilder();
      for (String m : List.of("slow", "fast")) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + m + "\"}";
        two.append("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
      }
      c.send(two.toString());
      Thread.sleep(300); // the fast call would overtake here if calls ran in parallel
      release.countDown();
      assertThat(c.readResponseWithBody()).contains("\"result\":\"slow\"");
      assertThat(c.readResponseWithBody()).contains("\"result\":\"fast\"");
    }
  }

  @Test
  void aBodyOverTheLimitIsAnswered413AndClosed() throws Exception {
    start(RpcAccess.LOCAL);
    try (RawConnection c = RawConnection.open(server.address())) {
      c.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + (RpcLimits.DEFAULTS.maxBodyBytes() + 1) + "\r\n\r\n");
      assertThat(c.readResponse()).startsWith("http/1.1 413");
      assertThat(c.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
    }
  }
}
