package io.ethfollow.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
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
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers the read-only status routes. Runs on a Netty event-loop thread: it only reads the latest
 * published {@link StatusDocument} (and peer list) and serialises it, never blocking and never
 * touching the store or the peer pool. Routes: {@code /status}, {@code /health}, {@code /peers} (JSON)
 * and {@code /metrics} (Prometheus text).
 * Stateless apart from its collaborators, so one instance is shared by all connections.
 */
@ChannelHandler.Sharable
final class StatusHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final StatusSource source;
  private final PeersSource peers;
  private final ObjectMapper json;

  StatusHttpHandler(StatusSource source, PeersSource peers, ObjectMapper json) {
    this.source = source;
    this.peers = peers;
    this.json = json;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
    if (!req.decoderResult().isSuccess()) {
      respond(ctx, req, HttpResponseStatus.BAD_REQUEST, error("bad request"));
      return;
    }
    String path = new QueryStringDecoder(req.uri()).path();
    Route route = Route.of(path);
    if (route == null) {
      respond(ctx, req, HttpResponseStatus.NOT_FOUND, error("no such path: " + path));
      return;
    }
    if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
      FullHttpResponse r = response(HttpResponseStatus.METHOD_NOT_ALLOWED, error("use GET"));
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      send(ctx, req, r);
      return;
    }
    if (route == Route.PEERS) {
      respond(ctx, req, HttpResponseStatus.OK, peers.peers());
      return;
    }
    StatusDocument status = source.current();
    if (route == Route.STATUS) {
      respond(ctx, req, HttpResponseStatus.OK, status);
    } else if (route == Route.METRICS) {
      send(ctx, req, text(HttpResponseStatus.OK, PrometheusText.render(status), PrometheusText.CONTENT_TYPE));
    } else {
      HealthVerdict h = source.health(status);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("healthy", h.healthy());
      body.put("reason", h.reason());
      body.put("mode", status.mode());
      respond(
          ctx,
          req,
          h.healthy() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
          body);
    }
  }

  private enum Route {
    STATUS,
    HEALTH,
    PEERS,
    METRICS;

    static Route of(String path) {
      switch (path) {
        case "/status":
          return STATUS;
        case "/health":
          return HEALTH;
        case "/peers":
          return PEERS;
        case "/metrics":
          return METRICS;
        default:
          return null;
      }
    }
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }

  private void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus s, Object body)
      throws JsonProcessingException {
    send(ctx, req, response(s, body));
  }

  private FullHttpResponse response(HttpResponseStatus status, Object body)
      throws JsonProcessingException {
    byte[] bytes = (json.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return r;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return r;
  }

  private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r) {
    boolean keepAlive = HttpUtil.isKeepAlive(req) && r.status().code() < 400;
    if (req.method().equals(HttpMethod.HEAD)) {
      r.content().clear();
    }
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(r);
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
