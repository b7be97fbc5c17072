package io.ethfollow.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guards of {@link HttpServer}, each against a real client on 127.0.0.1. */
class HttpServerTest {
  private static final String GET = "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  private HttpServer server;
  private Answers answers;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * The application under test: answers each request with {@code bodyBytes} bytes, or while
   * holding, keeps it (on the event loop) until {@link #releaseAll}.
   */
  @ChannelHandler.Sharable
  static final class Answers extends SimpleChannelInboundHandler<FullHttpRequest> {
    final AtomicInteger received = new AtomicInteger();
    private final int bodyBytes;
    private volatile boolean holding;
    private final Queue<ChannelHandlerContext> held = new ArrayDeque<>(); // event loop only

    Answers(int bodyBytes, boolean holding) {
      this.bodyBytes = bodyBytes;
      this.holding = holding;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      received.incrementAndGet();
      if (holding) {
        held.add(ctx);
      } else {
        answer(ctx);
      }
    }

    private void answer(ChannelHandlerContext ctx) {
      FullHttpResponse r =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
              Unpooled.wrappedBuffer(new byte[bodyBytes]));
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bodyBytes);
      ctx.writeAndFlush(r);
    }

    /** Stops holding and answers what was held, on the event loop that holds it. */
    void releaseAll() throws Exception {
      CompletableFuture.runAsync(
              () -> {
                holding = false;
                while (!held.isEmpty()) {
                  answer(held.poll());
                }
              },
              loop)
          .get(5, TimeUnit.SECONDS);
    }

    private volatile EventExecutor loop;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      loop = ctx.executor();
      ctx.fireChannelActive();
    }
  }

  private void start(HttpLimits limits, Answers app) {
    answers = app;
    server =
        HttpServer.start("test server", new InetSocketAddress("127.0.0.1", 0), limits, () -> app);
  }

  /** Waits (at most {@code limit}) until {@code value} has not changed for 300 ms; returns it. */
  private static int settled(IntSupplier value, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    int last = value.getAsInt();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      LockSupport.parkNanos(20_000_000L);
      int now = value.getAsInt();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 300_000_000L) {
        break;
      }
    }
    return last;
  }

  @Test
  void readingStopsWhilePipelinedRequestsWaitForTheirAnswers() throws Exception {
    start(HttpLimits.STATUS.withMaxPipelined(4), new Answers(10, true));
    try (RawConnection c = RawConnection.open(server.address())) {
      c.send(GET.repeat(10)); // one write: all ten arrive in one read
      assertThat(settled(answers.received::get, Duration.ofSeconds(3))).isEqualTo(4);
      answers.releaseAll();
      for (int i = 0; i < 10; i++) {
        assertThat(c.readResponse()).startsWith("http/1.1 200");
      }
      assertThat(answers.received.get()).isEqualTo(10);
    }
  }

  @Test
  void readingStopsWhileTheConnectionIsNotWritable() throws Exception {
    HttpLimits limits = HttpLimits.STATUS.withMaxPipelined(100_000);
    int body = 1024 * 1024;
    int requests = 64; // 64 MiB of answers: more than the loopback socket buffers hold
    start(limits, new Answers(body, false));
    try (RawConnection c = RawConnection.open(server.address())) {
      c.send(GET.repeat(requests));
      int answered = settled(answers.received::get, Duration.ofSeconds(5));
      assertThat(answered).isLessThan(requests);
      // The write that crossed the high water mark stopped reading: at most one answer beyond it.
      assertThat(server.pendingOutboundBytes())
          .isLessThanOrEqualTo(limits.writeHighWaterBytes() + 2L * body);
      long bound = limits.writeHighWaterBytes() + 2L * body + limits.bufferedBytesPerConnection();
      assertThat(server.usedDirectMemory()).isLessThan(bound);
      for (int i = 0; i < requests; i++) {
        assertThat(c.readResponse()).startsWith("http/1.1 200");
      }
      assertThat(answers.received.get()).isEqualTo(requests);
    }
  }

  @Test
  void aClientThatDoesNotReadIsClosedAfterTheWriteTimeout() throws Exception {
    start(
        HttpLimits.STATUS.withDeadlines(
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1)),
        new Answers(64 * 1024, false));
    try (PipelineFlood flood = new PipelineFlood(server.address(), 1, 500, GET)) {
      flood.pump(Duration.ofSeconds(2));
      for (int i = 0; i < 150 && server.openConnections() > 0; i++) {
        LockSupport.parkNanos(20_000_000L);
      }
      assertThat(server.openConnections()).isZero();
      assertThat(server.usedDirectMemory()).isZero();
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeoutButNotBetweenQuickRequests() throws Exception {
    start(
        HttpLimits.STATUS.withDeadlines(
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10)),
        new Answers(10, false));
    try (RawConnection c = RawConnection.open(server.address())) {
      for (int i = 0; i < 4; i++) { // 1.6 s in all, never 1 s idle
        c.send(GET);
        assertThat(c.readResponse()).startsWith("http/1.1 200");
        LockSupport.parkNanos(400_000_000L);
      }
      assertThat(c.closedByServerWithin(Duration.ofSeconds(3))).isTrue();
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedByTheRequestDeadline() throws Exception {
    start(
        HttpLimits.STATUS.withDeadlines(
            Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10)),
        new Answers(10, false));
    try (RawConnection c = RawConnection.open(server.address())) {
      assertThat(c.closedByServerWithin(Duration.ofSeconds(3))).isTrue();
    }
  }

  @Test
  void anOversizedBodyBehindPipelinedRequestsIsAnswered413InOrderThenClosed() throws Exception {
    start(HttpLimits.STATUS, new Answers(10, false));
    try (RawConnection c = RawConnection.open(server.address())) {
      c.send(GET + GET + "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n");
      assertThat(c.readResponse()).startsWith("http/1.1 200");
      assertThat(c.readResponse()).startsWith("http/1.1 200");
      String third = c.readResponse();
      assertThat(third).startsWith("http/1.1 413").contains("connection: close");
      assertThat(c.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
      assertThat(answers.received.get()).isEqualTo(2);
    }
  }

  @Test
  void aTooLongRequestLineIsAnswered414AndClosed() throws Exception {
    start(HttpLimits.STATUS, new Answers(10, false));
    try (RawConnection c = RawConnection.open(server.address())) {
      c.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(c.readHead()).startsWith("http/1.1 414").contains("connection: close");
      assertThat(c.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
      assertThat(answers.received.get()).isZero();
    }
  }
}
