package io.ethfollow.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpContentException;

/**
 * Netty's aggregator with one change: a request whose body exceeds the cap (by its Content-Length,
 * also with {@code Expect: 100-continue}, or while its chunks arrive) is not answered here but
 * passed on, in order with the requests before it, as a request without body marked failed with
 * {@link TooLongHttpContentException}; {@link BadRequestReply} then answers 413 and closes.
 * (Netty's own answer keeps a keep-alive connection open and may overtake earlier pipelined
 * answers.) The rest of that body is discarded as it arrives. One per connection, on its event
 * loop.
 */
final class CappedAggregator extends HttpObjectAggregator {
  CappedAggregator(int maxContentBytes) {
    super(maxContentBytes);
  }

  @Override
  protected Object newContinueResponse(
      HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    if (isContentLengthInvalid(start, maxContentLength)) {
      return null; // handled as oversized: 413 and close, not a keep-alive 413
    }
    return super.newContinueResponse(start, maxContentLength, pipeline);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest)) {
      ctx.close(); // a server sees no responses; anything else is not HTTP we serve
      return;
    }
    HttpRequest r = (HttpRequest) oversized;
    DefaultFullHttpRequest failed =
        new DefaultFullHttpRequest(r.protocolVersion(), r.method(), r.uri(), Unpooled.EMPTY_BUFFER);
    failed.headers().set(r.headers());
    failed.setDecoderResult(
        DecoderResult.failure(
            new TooLongHttpContentException("request body over " + maxContentLength() + " bytes")));
    ctx.fireChannelRead(failed);
  }
}
