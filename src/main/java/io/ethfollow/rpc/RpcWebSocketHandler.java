package io.ethfollow.rpc;

import io.ethfollow.http.WebSocketUpgrade;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One WebSocket connection's JSON-RPC: each text message is a request body (a call or a batch),
 * run on the RPC workers one after another (answers keep the messages' order), answered with one
 * text message — or, for notifications only, {@link WebSocketUpgrade#NO_ANSWER}. The frame limits,
 * backpressure and write timeout come from the connection ({@link WebSocketUpgrade}). One instance
 * per connection, on its event loop; {@code tail} is also completed by workers.
 */
final class RpcWebSocketHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
  private final RpcDispatcher dispatcher;
  private final Executor workers;
  private final ResponseBudget budget;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  RpcWebSocketHandler(RpcDispatcher dispatcher, Executor workers, ResponseBudget budget) {
    this.dispatcher = dispatcher;
    this.workers = workers;
    this.budget = budget;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
    byte[] body = ByteBufUtil.getBytes(frame.content());
    CompletableFuture<Void> previous = tail;
    CompletableFuture<Void> done = new CompletableFuture<>();
    tail = done;
    previous.whenComplete((ignored, error) -> {
      try {
        workers.execute(() -> {
          try {
            answer(ctx, body);
          } finally {
            done.complete(null);
          }
        });
      } catch (RejectedExecutionException e) {
        // 1013 "try again later": the workers' queue is full
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.TRY_AGAIN_LATER, "busy"));
        ctx.close();
        done.complete(null);
      }
    });
  }

  private void answer(ChannelHandlerContext ctx, byte[] body) {
    byte[] answer = dispatcher.handle(body);
    if (answer.length == 0) {
      ctx.writeAndFlush(WebSocketUpgrade.NO_ANSWER);
      return;
    }
    if (!budget.tryAcquire(answer.length)) {
      ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.TRY_AGAIN_LATER,
          "too many answers waiting for their clients"));
      ctx.close();
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
