package io.ethfollow.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ethfollow.http.HttpLimits;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JSON-RPC over a real WebSocket (the JDK's client) on 127.0.0.1: calls and batches as text
 * messages, answers in order, notifications unanswered without stalling the connection, and the
 * HTTP rules for frames — a message over the size limit and a binary message close the socket.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RpcWebSocketTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Small enough that the test can exceed it: 64 KiB per message. */
  private static final int MAX_MESSAGE = 64 * 1024;

  private RpcServer server;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private WebSocket connect() throws Exception {
    return connect(RpcServer.httpLimits(RpcLimits.DEFAULTS).idleTimeout());
  }

  private WebSocket connect(Duration idle) throws Exception {
    RpcDispatcher d = new RpcDispatcher(Map.of(
        "eth_chainId", p -> TextNode.valueOf("0x1"),
        "echo", p -> p.expect(1, 1).raw(0)), 100, 1 << 20);
    HttpLimits limits = RpcServer.httpLimits(RpcLimits.DEFAULTS);
    limits = new HttpLimits(limits.maxConnections(), limits.maxPipelined(), limits.maxInitialLineBytes(),
        limits.maxHeaderBytes(), MAX_MESSAGE, limits.maxReadBytes(), limits.writeLowWaterBytes(),
        limits.writeHighWaterBytes(), limits.requestDeadline(), idle, limits.writeTimeout());
    server = RpcServer.start(new InetSocketAddress("127.0.0.1", 0), d, RpcAccess.LOCAL, limits);
    WebSocket.Listener listener = new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          received.add(text.toString());
          text.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        closed.complete(status);
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
      }
    };
    return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + server.address().getPort() + "/"), listener)
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode next() throws Exception {
    String s = received.poll(10, TimeUnit.SECONDS);
    assertThat(s).as("an answer within 10 s").isNotNull();
    return JSON.readTree(s);
  }

  @Test
  void callsAndBatchesAreAnsweredInOrderAndNotificationsDoNotStallTheSocket() throws Exception {
    WebSocket ws = connect();
    for (int i = 0; i < 10; i++) { // more notifications than the 4 answers a connection may owe
      ws.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[" + i + "]}", true).get();
    }
    for (int i = 0; i < 20; i++) {
      ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"echo\",\"params\":[" + i + "]}", true).get();
    }
    for (int i = 0; i < 20; i++) {
      JsonNode a = next();
      assertThat(a.get("id").asInt()).isEqualTo(i);
      assertThat(a.get("result").asInt()).isEqualTo(i);
    }
    ws.sendText("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_getBalance\",\"params\":[]}]", true).get();
    JsonNode batch = next();
    assertThat(batch).hasSize(2);
    assertThat(batch.get(0).get("result").asText()).isEqualTo("0x1");
    assertThat(batch.get(1).get("error").get("code").asInt()).isEqualTo(-32601);
    assertThat(received).isEmpty();
  }

  @Test
  void aMessageOverTheSizeLimitClosesTheSocket() throws Exception {
    WebSocket ws = connect();
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"" + "x".repeat(MAX_MESSAGE) + "\"]}";
    ws.sendText(big, true);
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    assertThat(server.http().openConnections()).isLessThanOrEqualTo(1);
  }

  /** Without subscriptions a silent WebSocket is an idle connection: closed after the idle timeout. */
  @Test
  void anIdleSocketIsClosedAfterTheIdleTimeout() throws Exception {
    WebSocket ws = connect(Duration.ofMillis(500));
    ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}", true).get();
    assertThat(next().get("result").asText()).isEqualTo("0x1");
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
  }

  /** An upgrade without its key is refused before the connection changes protocol. */
  @Test
  void anUpgradeWithoutItsKeyIsA400() throws Exception {
    connect();
    try (io.ethfollow.http.RawConnection c = io.ethfollow.http.RawConnection.open(server.address())) {
      c.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n");
      assertThat(c.readResponse()).startsWith("http/1.1 400");
      assertThat(c.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void aBinaryMessageIsRefusedWith1003() throws Exception {
    WebSocket ws = connect();
    ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get();
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1003);
  }
}
