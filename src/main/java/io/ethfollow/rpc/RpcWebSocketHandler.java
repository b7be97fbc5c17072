package io.ethfollow.rpc;

import io.ethfollow.http.WebSocketUpgrade;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.Executor;

/**
 * One WebSocket connection's JSON-RPC: each text message is a request body (a call or a batch),
 * run on the RPC workers one after another (answers keep the messages' order), answered with one
 * text message — or, for notifications only, {@link WebSocketUpgrade#NO_ANSWER}. The frame limits,
 * backpressure and write timeout come from the connection ({@link WebSocketUpgrade}). One instance
 * per connection, on its event loop; calls run on the workers in order ({@link CallQueue}).
 */
final class RpcWebSocketHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
  private final RpcDispatcher dispatcher;
  private final ResponseBudget budget;
  private final CallQueue calls;

  RpcWebSocketHandler(RpcDispatcher dispatcher, Executor workers, ResponseBudget budget) {
    this.dispatcher = dispatcher;
    this.calls = new CallQueue(workers);
    this.budget = budget;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
    byte[] body = ByteBufUtil.getBytes(frame.content());
    calls.submit(ctx.channel()::isActive, () -> answer(ctx, body), () ->
        // 1013 "try again later": the workers' queue is full, or the call failed badly
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.TRY_AGAIN_LATER, "busy"))
            .addListener(ChannelFutureListener.CLOSE));
  }

  private void answer(ChannelHandlerContext ctx, byte[] body) {
    byte[] answer = dispatcher.handle(body);
    if (answer.length == 0) {
      ctx.writeAndFlush(WebSocketUpgrade.NO_ANSWER);
      return;
    }
    if (!budget.tryAcquire(answer.length)) {
      ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.TRY_AGAIN_LATER,
          "too many answers waiting for their clients")).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(answer)))
        .addListener(f -> budget.release(answer.length));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
