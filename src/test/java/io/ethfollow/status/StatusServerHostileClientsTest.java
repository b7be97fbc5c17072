package io.ethfollow.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import io.ethfollow.http.HttpLimits;
import io.ethfollow.http.PipelineFlood;
import io.ethfollow.http.RawConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status endpoint against the clients of issue 10's probe, over real sockets on 127.0.0.1:
 * pipelining floods that never read, slowloris, too many connections, oversized and malformed
 * requests.
 */
class StatusServerHostileClientsTest {
  private static final String GET_STATUS = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  private StatusServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(HttpLimits limits) {
    StatusDocument doc =
        new StatusDocument(
            "0.1.0", "mainnet", 1, "0x" + "d4".repeat(32), "follow",
            new StatusDocument.Head(42, "0x" + "ab".repeat(32)), 42L,
            new StatusDocument.Storage(42, 1 << 20), "/var/lib/ethfollow", 7, null,
            new StatusDocument.Peers(0, 0, 0, 0, 0, 0, 0, 0),
            "enode://" + "ab".repeat(64) + "@127.0.0.1:30303", null, 0L, null, null, null, null,
            null);
    server =
        StatusServer.start(
            new InetSocketAddress("127.0.0.1", 0), () -> doc, PeersSource.NONE, limits);
  }

  /** A fresh client's GET /status on a new connection, which must be answered within 1 s. */
  private int freshStatusWithinOneSecond() throws Exception {
    CompletableFuture<String> head =
        CompletableFuture.supplyAsync(
            () -> {
              try (RawConnection c = RawConnection.open(server.address())) {
                c.send("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                return c.readResponse();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    String status = head.get(1, TimeUnit.SECONDS).split(" ")[1];
    return Integer.parseInt(status);
  }

  @Test
  void pipeliningClientsThatNeverReadKeepServerMemoryBoundedAndStatusAnswering() throws Exception {
    // Long write timeout: the flood connections stay open while we measure.
    HttpLimits limits =
        HttpLimits.STATUS.withDeadlines(
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
    start(limits);
    assertThat(freshStatusWithinOneSecond()).isEqualTo(200); // classes loaded before the clock runs
    int clients = 20;
    try (PipelineFlood flood = new PipelineFlood(server.address(), clients, 20_000, GET_STATUS)) {
      flood.pump(Duration.ofSeconds(8));
      // Per connection: the high water mark, the answers to the pipelined requests, the read
      // buffer and one request being decoded (a status answer is about 1 KiB).
      long perConnection =
          limits.writeHighWaterBytes() + 16L * 1024 + limits.bufferedBytesPerConnection();
      for (int sample = 0; sample < 5; sample++) { // the flood's connections stay open meanwhile
        assertThat(freshStatusWithinOneSecond()).isEqualTo(200);
        assertThat(server.http().pendingOutboundBytes()).isLessThan(clients * perConnection);
        assertThat(server.http().usedDirectMemory()).isLessThan(clients * perConnection);
        assertThat(server.http().openConnections()).isGreaterThanOrEqualTo(clients);
        LockSupport.parkNanos(300_000_000L);
      }
    }
    assertThat(freshStatusWithinOneSecond()).isEqualTo(200);
    for (int i = 0; i < 100 && server.http().openConnections() > 0; i++) {
      LockSupport.parkNanos(20_000_000L); // the flood's resets reach the server
    }
    assertThat(server.http().openConnections()).isZero();
    assertThat(server.http().usedDirectMemory()).isLessThan(limits.bufferedBytesPerConnection());
    assertTimeout(Duration.ofSeconds(3), server::close);
    server = null;
  }

  @Test
  void slowlorisConnectionsAreClosedByTheRequestDeadlineThoughBytesArrive() throws Exception {
    start(HttpLimits.STATUS.withDeadlines(
        Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10)));
    List<RawConnection> dribblers = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        dribblers.add(RawConnection.open(server.address()));
      }
      byte[] request = GET_STATUS.getBytes(StandardCharsets.US_ASCII);
      // One byte per connection every 100 ms for 2.5 s: never a complete head (it is 39 bytes).
      for (int tick = 0; tick < 25; tick++) {
        for (RawConnection c : dribblers) {
          try {
            c.send(new byte[] {request[tick]});
          } catch (IOException closed) {
            // closed by the server: what we wait for
          }
        }
        assertThat(freshStatusWithinOneSecond()).isEqualTo(200);
        LockSupport.parkNanos(100_000_000L);
      }
      for (RawConnection c : dribblers) {
        assertThat(c.closedByServerWithin(Duration.ofSeconds(1))).isTrue();
      }
      assertThat(server.http().openConnections()).isZero();
    } finally {
      for (RawConnection c : dribblers) {
        c.close();
      }
    }
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnce() throws Exception {
    start(HttpLimits.STATUS.withMaxConnections(4));
    List<RawConnection> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        RawConnection c = RawConnection.open(server.address());
        c.send(GET_STATUS);
        assertThat(c.readResponse()).startsWith("http/1.1 200");
        held.add(c);
      }
      try (RawConnection fifth = RawConnection.open(server.address())) {
        try {
          fifth.send(GET_STATUS);
        } catch (IOException closed) {
          // closed before the request went out: also a refusal
        }
        assertThat(fifth.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
      }
      assertThat(server.http().rejectedConnections()).isEqualTo(1);
      held.remove(0).close();
      for (int i = 0; i < 50 && server.http().openConnections() > 3; i++) {
        LockSupport.parkNanos(20_000_000L);
      }
      try (RawConnection again = RawConnection.open(server.address())) {
        again.send(GET_STATUS);
        assertThat(again.readResponse()).startsWith("http/1.1 200");
      }
    } finally {
      for (RawConnection c : held) {
        c.close();
      }
    }
  }

  @Test
  void oversizedPostIsAnswered413AndTheConnectionClosed() throws Exception {
    start(HttpLimits.STATUS);
    try (RawConnection c = RawConnection.open(server.address())) {
      c.send("POST /status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10485760\r\n\r\n");
      try {
        c.send(new byte[64 * 1024]);
      } catch (IOException closed) {
        // the server may close before taking the body
      }
      String head = c.readHead();
      assertThat(head).startsWith("http/1.1 413").contains("connection: close");
      assertThat(c.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void oversizedChunkedBodyIsAnswered413AndTheConnectionClosed() throws Exception {
    start(HttpLimits.STATUS);
    try (RawConnection c = RawConnection.open(server.address())) {
      c.send("POST /status HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n");
      String chunk = Integer.toHexString(4096) + "\r\n" + "a".repeat(4096) + "\r\n";
      try {
        for (int i = 0; i < 4; i++) {
          c.send(chunk);
        }
      } catch (IOException closed) {
        // the server may close before taking the rest
      }
      String head = c.readHead();
      assertThat(head).startsWith("http/1.1 413").contains("connection: close");
      assertThat(c.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void malformedRequestIsAnswered400AndTheConnectionClosed() throws Exception {
    start(HttpLimits.STATUS);
    try (RawConnection c = RawConnection.open(server.address())) {
      c.send("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n");
      String head = c.readHead();
      assertThat(head).startsWith("http/1.1 400").contains("connection: close");
      assertThat(c.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void oversizedHeadIsAnswered431AndTheConnectionClosed() throws Exception {
    start(HttpLimits.STATUS);
    try (RawConnection c = RawConnection.open(server.address())) {
      c.send("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + "a".repeat(20_000)
          + "\r\n\r\n");
      String head = c.readHead();
      assertThat(head).startsWith("http/1.1 431").contains("connection: close");
      assertThat(c.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
    }
  }
}
