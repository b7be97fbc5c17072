package io.ethfollow.http;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Decides whether one connection reads: only while its channel is writable (unwritten output below
 * the high water mark) and fewer than {@code maxOutstanding} requests wait for their answer to be
 * written to the socket; and after every {@code maxOutstanding} requests it passes on, it pauses
 * until the event loop has gone round its other connections once (answers written at once would
 * otherwise let one pipelining connection monopolise the loop). It turns
 * the channel's auto-read off and on; the {@link
 * io.netty.handler.flow.FlowControlHandler} in front of it holds requests already decoded from
 * bytes read before. Counts every message that passes inbound as a request and every outbound
 * message {@code endsAnswer} accepts as the end of an answer, so a WebSocket pipeline can reuse it
 * with frames. One per connection, on its event loop.
 */
final class ReadGate extends ChannelDuplexHandler {
  private final int maxOutstanding;
  private final Predicate<Object> endsAnswer;
  private int outstanding;
  private int thisTurn; // requests passed on since the connection last yielded the loop
  private boolean turnOver; // waiting for the event loop to come round again
  private boolean removed;

  ReadGate(int maxOutstanding, Predicate<Object> endsAnswer) {
    this.maxOutstanding = maxOutstanding;
    this.endsAnswer = endsAnswer;
  }

  /** For HTTP/1.1: an answer ends with its {@link LastHttpContent} (a full response is one). */
  static ReadGate forHttp(int maxOutstanding) {
    return new ReadGate(maxOutstanding, m -> m instanceof LastHttpContent);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    outstanding++;
    if (++thisTurn >= maxOutstanding && !turnOver) {
      // Answers written at once never fill the gate: end the turn anyway, so one client's stream of
      // requests cannot keep the event loop from the other connections (and new ones).
      // A scheduled task (not execute): the loop runs the ones due only after its next round of
      // socket events, while tasks queued with execute() could run back to back for a long time.
      turnOver = true;
      ctx.executor()
          .schedule(
              () -> {
                thisTurn = 0;
                turnOver = false;
                update(ctx);
              },
              0,
              TimeUnit.NANOSECONDS);
    }
    update(ctx);
    ctx.fireChannelRead(msg);
  }

  /** For WebSocket frames: a whole text message in, a text message (or {@link #NO_ANSWER}) out. */
  static ReadGate forWebSocket(int maxOutstanding) {
    return new ReadGate(maxOutstanding, m -> m instanceof TextWebSocketFrame || m == NO_ANSWER);
  }

  /**
   * Written by an application in place of an answer it does not send (a JSON-RPC notification):
   * ends that request's turn here and goes no further.
   */
  static final Object NO_ANSWER = new Object() {
    @Override
    public String toString() {
      return "NO_ANSWER";
    }
  };

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg == NO_ANSWER) {
      outstanding--;
      update(ctx);
      promise.trySuccess();
      return;
    }
    if (!endsAnswer.test(msg)) {
      ctx.write(msg, promise);
      return;
    }
    ChannelPromise p = promise.unvoid();
    p.addListener(
        f -> {
          outstanding--;
          update(ctx);
        });
    ctx.write(msg, p);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    update(ctx);
    ctx.fireChannelWritabilityChanged();
  }

  /** Once removed (a WebSocket upgrade), a late write listener or turn task must not touch auto-read. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    removed = true;
  }

  /** A gate added to a live connection (a WebSocket upgrade) decides at once. */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      update(ctx);
    }
  }

  private void update(ChannelHandlerContext ctx) {
    if (removed) {
      return;
    }
    boolean read = ctx.channel().isWritable() && outstanding < maxOutstanding && !turnOver;
    ChannelConfig config = ctx.channel().config();
    if (config.isAutoRead() != read) {
      config.setAutoRead(read);
    }
  }
}
