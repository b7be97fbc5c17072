package io.ethfollow.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The clocks of one connection, which close it when the client is too slow:
 *
 * <ul>
 *   <li><b>request deadline</b>: a complete request (head and body) must arrive within it of the
 *       connection opening or of the first byte after the previous request; bytes that keep
 *       arriving do not extend it (slowloris);
 *   <li><b>idle timeout</b>: with no request begun and every answer written, the connection may
 *       stay silent this long;
 *   <li><b>write timeout</b>: each answer must be written to the socket within it (a client that
 *       does not read).
 * </ul>
 *
 * It needs two places in the pipeline: {@link #bytes()} first, to see bytes arrive, and {@link
 * #requests()} behind the aggregator, to see whole requests arrive and answers leave. Timers run
 * on the connection's event loop, which runs everything here; a WebSocket upgrade removes both
 * faces and brings its own frame clocks.
 */
final class RequestDeadlines {
  private final long requestNanos;
  private final long idleNanos;
  private final long writeNanos;
  private final Bytes bytes = new Bytes();
  private final Requests requests = new Requests();
  private ChannelHandlerContext ctx;
  private boolean begun; // bytes of a request not yet complete have arrived
  private int unanswered; // complete requests whose answer is not yet written
  private Future<?> requestTimer;
  private Future<?> idleTimer;

  RequestDeadlines(Duration request, Duration idle, Duration write) {
    this.requestNanos = request.toNanos();
    this.idleNanos = idle.toNanos();
    this.writeNanos = write.toNanos();
  }

  /** The face that goes first in the pipeline: sees bytes arrive. */
  ChannelHandler bytes() {
    return bytes;
  }

  /** The face that goes right behind the aggregator: sees whole requests and their answers. */
  ChannelHandler requests() {
    return requests;
  }

  private void onOpen(ChannelHandlerContext c) {
    ctx = c;
    requestTimer = schedule(requestNanos); // the first request is due from the start
  }

  private void onBytes() {
    cancelIdle();
    if (!begun) {
      begun = true;
      if (requestTimer == null) {
        requestTimer = schedule(requestNanos);
      }
    }
  }

  private void onRequest() {
    begun = false;
    unanswered++;
    if (requestTimer != null) {
      requestTimer.cancel(false);
      requestTimer = null;
    }
  }

  private void onAnswerWritten() {
    unanswered--;
    if (unanswered == 0 && !begun && idleTimer == null && ctx.channel().isActive()) {
      idleTimer = schedule(idleNanos);
    }
  }

  private void cancelIdle() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  private void onClosed() {
    cancelIdle();
    if (requestTimer != null) {
      requestTimer.cancel(false);
      requestTimer = null;
    }
  }

  private Future<?> schedule(long nanos) {
    return ctx.executor().schedule(() -> ctx.close(), nanos, TimeUnit.NANOSECONDS);
  }

  /** First in the pipeline: raw bytes from the socket. */
  private final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext c) {
      onOpen(c);
      c.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
        onBytes();
      }
      c.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
      onClosed();
      c.fireChannelInactive();
    }

    /** A WebSocket upgrade removes this face: its clocks stop with it. */
    @Override
    public void handlerRemoved(ChannelHandlerContext c) {
      if (ctx != null) {
        onClosed();
      }
    }
  }

  /** Behind the aggregator: every inbound message is a whole request. */
  private final class Requests extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      onRequest();
      c.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) {
      if (!(msg instanceof LastHttpContent)) {
        c.write(msg, promise);
        return;
      }
      ChannelPromise p = promise.unvoid();
      Future<?> timer =
          c.executor().schedule(() -> c.close(), writeNanos, TimeUnit.NANOSECONDS);
      p.addListener(
          f -> {
            timer.cancel(false);
            onAnswerWritten();
          });
      c.write(msg, p);
    }
  }
}
