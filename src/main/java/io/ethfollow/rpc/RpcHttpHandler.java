package io.ethfollow.rpc;

import io.ethfollow.http.HttpLimits;
import io.ethfollow.http.WebSocketUpgrade;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * One connection's JSON-RPC over HTTP: checks the request (POST, a JSON content type, a Host header
 * on the allowlist, CORS when configured) or upgrades it to a WebSocket ({@link
 * RpcWebSocketHandler}), copies the body and hands it to the RPC workers; the
 * answer is written back in request order (a connection's calls run one after another, so
 * pipelined answers cannot overtake each other). The event loop only checks and hands off; the
 * dispatcher runs on the workers ({@link CallQueue}). One instance per connection, on its event loop.
 */
final class RpcHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final RpcDispatcher dispatcher;
  private final Executor workers;
  private final RpcAccess access;
  private final ResponseBudget budget;
  private final HttpLimits limits;
  private final CallQueue calls;
  private int pending; // calls handed to the workers and not yet answered; event loop only

  RpcHttpHandler(
      RpcDispatcher dispatcher, Executor workers, RpcAccess access, ResponseBudget budget,
      HttpLimits limits) {
    this.limits = limits;
    this.dispatcher = dispatcher;
    this.workers = workers;
    this.calls = new CallQueue(workers);
    this.access = access;
    this.budget = budget;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    if (!access.hostAllowed(req.headers().get(HttpHeaderNames.HOST))) {
      // geth's answer to a Host outside --http.vhosts: the defence against DNS rebinding
      send(ctx, text(HttpResponseStatus.FORBIDDEN, "invalid host specified\n"), false, origin);
      return;
    }
    if (origin != null && !access.originAllowed(origin)) {
      send(ctx, text(HttpResponseStatus.FORBIDDEN, "origin not allowed\n"), false, null);
      return;
    }
    if (WebSocketUpgrade.requested(req)) {
      if (pending > 0) {
        // answers still to come would meet a WebSocket pipeline: upgrade only an idle connection
        send(ctx, text(HttpResponseStatus.BAD_REQUEST,
            "upgrade to a WebSocket only with no other request pending\n"), false, origin);
        return;
      }
      // the same port, the same access rules; from here the connection speaks frames
      WebSocketUpgrade.upgrade(ctx, req, limits, new RpcWebSocketHandler(dispatcher, workers, budget));
      return;
    }
    if (req.method().equals(HttpMethod.OPTIONS)) {
      FullHttpResponse r = text(HttpResponseStatus.NO_CONTENT, "");
      r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS");
      r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
      send(ctx, r, keepAlive, origin);
      return;
    }
    if (!req.method().equals(HttpMethod.POST)) {
      FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED,
          "JSON-RPC: use POST with a JSON body (or a WebSocket upgrade)\n");
      r.headers().set(HttpHeaderNames.ALLOW, "POST, OPTIONS");
      send(ctx, r, keepAlive, origin);
      return;
    }
    String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (!jsonContentType(type)) {
      send(ctx, text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          "invalid content type, only application/json is supported\n"), false, origin);
      return;
    }
    byte[] body = ByteBufUtil.getBytes(req.content());
    pending++;
    // The count belongs to the event loop; it drops after the answer's write is queued there, so
    // an upgrade can never see 0 while an answer is still on its way.
    Runnable answered = () -> ctx.executor().execute(() -> pending--);
    calls.submit(ctx.channel()::isActive, () -> {
      try {
        answer(ctx, body, keepAlive, origin);
      } finally {
        answered.run();
      }
    }, () -> {
      try {
        send(ctx, text(HttpResponseStatus.SERVICE_UNAVAILABLE, "cannot answer now, retry\n"),
            false, origin);
      } finally {
        answered.run();
      }
    });
  }

  private void answer(ChannelHandlerContext ctx, byte[] body, boolean keepAlive, String origin) {
    byte[] answer = dispatcher.handle(body);
    if (!budget.tryAcquire(answer.length)) {
      send(ctx, text(HttpResponseStatus.SERVICE_UNAVAILABLE,
          "too many answers waiting for their clients; retry\n"), false, origin);
      return;
    }
    FullHttpResponse r = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(answer));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.length);
    send(ctx, r, keepAlive, origin).addListener(f -> budget.release(answer.length));
  }

  private static boolean jsonContentType(String type) {
    if (type == null) {
      return false;
    }
    String t = type.toLowerCase(java.util.Locale.ROOT);
    int semi = t.indexOf(';');
    String base = (semi >= 0 ? t.substring(0, semi) : t).strip();
    // geth accepts these three; client libraries send the first
    return base.equals("application/json") || base.equals("application/json-rpc")
        || base.equals("application/jsonrequest");
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return r;
  }

  private io.netty.channel.ChannelFuture send(
      ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive, String origin) {
    if (origin != null && access.originAllowed(origin)) {
      r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      r.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
    if (keepAlive && r.status().code() < 400) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      return ctx.writeAndFlush(r);
    }
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    io.netty.channel.ChannelFuture f = ctx.writeAndFlush(r);
    f.addListener(ChannelFutureListener.CLOSE);
    return f;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
