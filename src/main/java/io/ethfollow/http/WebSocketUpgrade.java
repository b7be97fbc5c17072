package io.ethfollow.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Turns one {@link HttpServer} connection into a WebSocket with the same rules as HTTP: the
 * connection keeps its slot under the cap; a message (a text frame, or fragments joined) is at most
 * {@code maxContentBytes} (larger: closed with 1009); reading stops while the connection is not
 * writable or {@code maxPipelined} messages wait for their answer (the {@link ReadGate}, counting
 * text messages out — or {@link #NO_ANSWER} for a message that gets none); an answer not taken
 * within the write timeout closes the connection. Pings are answered, binary messages refused
 * (1003), a close is echoed, and a socket with no frame in or out for the idle timeout is closed
 * (subscriptions, when they come, will need to relax that). Runs on the connection's event loop.
 */
public final class WebSocketUpgrade {
  /** Written by the application in place of an answer it does not send (a notification). */
  public static final Object NO_ANSWER = ReadGate.NO_ANSWER;

  private WebSocketUpgrade() {}

  /** Whether {@code req} asks to become a WebSocket (RFC 6455: GET with Upgrade: websocket). */
  public static boolean requested(HttpRequest req) {
    return req.method().equals(HttpMethod.GET)
        && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        && req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  /**
   * Answers the upgrade (101) and rebuilds the pipeline for frames; from then on {@code messages}
   * (in place of the calling HTTP handler) gets whole {@link TextWebSocketFrame}s and answers with
   * text frames or {@link #NO_ANSWER}, one per message, in order.
   *
   * @param ctx the calling application handler's context (named "app" by {@link HttpServer})
   */
  public static void upgrade(
      ChannelHandlerContext ctx, FullHttpRequest req, HttpLimits limits, ChannelHandler messages) {
    String url = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri();
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(url, null, false, limits.maxContentBytes())
            .newHandshaker(req);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    if (!req.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
      // checked before the pipeline changes: the handshaker would fail only after them
      BadRequestReply.refuse(ctx, "websocket upgrade without Sec-WebSocket-Key");
      return;
    }
    ChannelPipeline p = ctx.pipeline();
    // The HTTP clocks and guards go before the 101 is written: their request and idle timers do
    // not apply to frames, and the 101 is not an answer the HTTP read gate should count.
    p.remove("deadline-bytes");
    p.remove("deadline-requests");
    p.remove("bad-request");
    p.remove("read-gate");
    ctx.channel().config().setAutoRead(true);
    p.addBefore("flow-control", "ws-aggregator", new WebSocketFrameAggregator(limits.maxContentBytes()));
    p.addBefore("flow-control", "ws-control", new Control(handshaker));
    p.addAfter("flow-control", "ws-gate", ReadGate.forWebSocket(limits.maxPipelined()));
    p.addFirst("ws-write-timeout",
        new WriteTimeoutHandler(limits.writeTimeout().toMillis(), TimeUnit.MILLISECONDS));
    // Without subscriptions a WebSocket is a connection like any other: idle ones are closed.
    p.addFirst("ws-idle", new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    p.replace(ctx.name(), "app", messages);
    try {
      handshaker.handshake(ctx.channel(), req).addListener(f -> {
        if (!f.isSuccess()) {
          ctx.channel().close();
        }
      });
    } catch (RuntimeException e) { // a malformed handshake request
      ctx.channel().close();
    }
  }

  /** Control frames and message types: pings answered, binary refused, a close echoed. */
  private static final class Control extends ChannelInboundHandlerAdapter {
    private final WebSocketServerHandshaker handshaker;

    Control(WebSocketServerHandshaker handshaker) {
      this.handshaker = handshaker;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof TextWebSocketFrame) {
        ctx.fireChannelRead(msg);
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        ReferenceCountUtil.release(msg);
      } else if (msg instanceof CloseWebSocketFrame close) {
        handshaker.close(ctx.channel(), close.retain());
        ReferenceCountUtil.release(msg);
      } else if (msg instanceof BinaryWebSocketFrame) {
        ReferenceCountUtil.release(msg);
        handshaker.close(ctx.channel(),
            new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "text frames only"));
      } else {
        ReferenceCountUtil.release(msg); // pongs and the rest
      }
    }

    /**
     * A frame or a joined message over the limit, or a broken frame: closed with 1009 (too big) or
     * 1002 (protocol error), the close frame flushed first so the client learns why.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof CorruptedWebSocketFrameException) {
        ctx.close(); // the frame decoder has sent its close (1009 or 1002) already
        return;
      }
      WebSocketCloseStatus status = cause instanceof TooLongFrameException
          ? WebSocketCloseStatus.MESSAGE_TOO_BIG // fragments joined past the limit
          : WebSocketCloseStatus.PROTOCOL_ERROR;
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(new CloseWebSocketFrame(status, status.reasonText()))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, "idle"))
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }
  }
}
