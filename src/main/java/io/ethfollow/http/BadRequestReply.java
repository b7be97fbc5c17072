package io.ethfollow.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers the requests the decoder or {@link CappedAggregator} marked failed, in their place in the
 * pipelined order: 413 (body too large), 414 (request line too long), 431 (headers too large) or
 * 400 (anything else malformed), each with a JSON error, {@code Connection: close}, and the
 * connection closed once the answer is written. Whatever the client sends after it is dropped; the
 * application handler behind it never sees a failed request. One per connection, on its event
 * loop.
 */
final class BadRequestReply extends ChannelInboundHandlerAdapter {
  private boolean closing;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    DecoderResult result =
        msg instanceof DecoderResultProvider ? ((DecoderResultProvider) msg).decoderResult() : null;
    if (result == null || result.isSuccess()) {
      ctx.fireChannelRead(msg);
      return;
    }
    ReferenceCountUtil.release(msg);
    closing = true;
    Throwable cause = result.cause();
    HttpResponseStatus status;
    String error;
    if (cause instanceof TooLongHttpContentException) {
      status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
      error = "request body too large";
    } else if (cause instanceof TooLongHttpLineException) {
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
      error = "request line too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      error = "request headers too large";
    } else {
      status = HttpResponseStatus.BAD_REQUEST;
      error = "bad request";
    }
    answerAndClose(ctx, status, error);
  }

  /** A 400 with {@code error} (plain ASCII, no quotes), then the connection closed. */
  static void refuse(ChannelHandlerContext ctx, String error) {
    answerAndClose(ctx, HttpResponseStatus.BAD_REQUEST, error);
  }

  private static void answerAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String error) {
    byte[] body = ("{\"error\":\"" + error + "\"}\n").getBytes(StandardCharsets.US_ASCII);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * A decoder that gives up (Netty's codec refuses more than {@link HttpServer#MAX_DECODED_AHEAD}
   * requests decoded ahead of their answers) or a socket error (reset) leaves nothing to answer:
   * the connection is closed. Other exceptions go on to the application's handler.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException || cause instanceof IOException) {
      closing = true;
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
